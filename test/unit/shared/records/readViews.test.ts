import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/identity.ts';
import { shownActor, withoutAuditTrail, withShownBy } from '#shared/records/readViews.ts';
import type { StagedRecord } from '#shared/records/stagedRecord.ts';

const reader: Caller = { sub: 'u-1', email: 'reader@example.com', roles: ['commissioner'] };
const self = { sub: 'u-1', email: 'reader@example.com', role: 'commissioner' as const };
const other = { sub: 'u-2', email: 'officer@bureau.gov.cn', role: 'admin' as const };

describe('shownActor', () => {
  it('shows the reader themselves in full and anyone else by role only', () => {
    expect(shownActor(self, reader)).toEqual(self);
    expect(shownActor(other, reader)).toEqual({ role: 'admin' });
    expect(withShownBy({ at: 't', by: other }, reader)).toEqual({ at: 't', by: { role: 'admin' } });
  });
});

describe('withoutAuditTrail', () => {
  const record: StagedRecord<'submitted' | 'returned', 'submit' | 'return'> = {
    id: 'r1',
    state: 'returned',
    version: 5,
    auditPages: 3,
    recentAudit: [
      { at: 't1', actor: self, action: 'submit', from: null, to: 'submitted', eventId: 'e1' },
      {
        at: 't2',
        actor: other,
        action: 'return',
        from: 'submitted',
        to: 'returned',
        reason: '旧',
        eventId: 'e2',
      },
      { at: 't3', actor: self, action: 'submit', from: 'returned', to: 'submitted', eventId: 'e3' },
      {
        at: 't4',
        actor: other,
        action: 'return',
        from: 'submitted',
        to: 'returned',
        reason: '请补充',
        eventId: 'e4',
      },
    ],
    createdAt: 't1',
    updatedAt: 't4',
  };

  it('drops the trail and keeps the reason for the state the record is in', () => {
    const shown = withoutAuditTrail(record);
    expect(shown).toEqual({
      id: 'r1',
      state: 'returned',
      version: 5,
      createdAt: 't1',
      updatedAt: 't4',
      enteredState: { action: 'return', at: 't4', reason: '请补充' },
    });
    expect(JSON.stringify(shown)).not.toMatch(/@/);
  });

  it('gives no reason when the move into the current state had none', () => {
    expect(withoutAuditTrail({ ...record, state: 'submitted' }).enteredState).toEqual({
      action: 'submit',
      at: 't3',
    });
  });
});
