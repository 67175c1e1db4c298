import { describe, expect, it } from 'vitest';
import { type DemandAction, type DemandState, demandTransitions } from '#shared/demand/states.ts';
import { applyStep, type StagedRecord, type StepRules } from '#shared/records/stagedRecord.ts';

const rules: StepRules<DemandState, DemandAction, 'enterprise' | 'admin' | 'system'> = {
  transitions: demandTransitions,
  noun: 'a demand',
  actorKind: (actor) =>
    actor.role === 'admin' ? 'admin' : actor.role === 'enterprise' ? 'enterprise' : 'system',
};

const record: StagedRecord<DemandState, DemandAction> = {
  id: 'd1',
  state: 'awaiting_verification',
  version: 3,
  recentAudit: [],
  auditPages: 0,
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
};
const admin = { sub: 'a', email: 'admin@example.gov.cn', role: 'admin' as const };

describe('applyStep', () => {
  it('moves the record, bumps its version and appends who, from, to and why', () => {
    const next = applyStep(
      record,
      { action: 'return', actor: admin, reason: '请补充设备型号', eventId: 'e1' },
      rules,
    );
    expect(next).toMatchObject({ state: 'returned', version: 4 });
    expect(next?.recentAudit).toEqual([
      expect.objectContaining({
        actor: admin,
        action: 'return',
        from: 'awaiting_verification',
        to: 'returned',
        reason: '请补充设备型号',
        eventId: 'e1',
      }),
    ]);
  });

  it('does nothing for an event it applied already', () => {
    const once = applyStep(record, { action: 'verify', actor: admin, eventId: 'e1' }, rules);
    expect(once && applyStep(once, { action: 'verify', actor: admin, eventId: 'e1' }, rules)).toBeUndefined();
  });

  it('remembers the state a failure interrupted, keeps it across a second failure, and clears it on retry', () => {
    const failed = applyStep(
      record,
      { action: 'fail', failure: { Error: 'Boom', Cause: 'x' }, eventId: 'f1' },
      rules,
    );
    expect(failed).toMatchObject({
      state: 'failed',
      failure: { state: 'awaiting_verification', error: 'Boom' },
    });
    const again =
      failed && applyStep(failed, { action: 'fail', failure: { Error: 'Again' }, eventId: 'f2' }, rules);
    expect(again?.failure).toMatchObject({ state: 'awaiting_verification', error: 'Again' });
    const retried = again && applyStep(again, { action: 'retry', actor: admin, eventId: 'r1' }, rules);
    expect(retried?.state).toBe('awaiting_verification');
    expect(retried?.failure).toBeUndefined();
  });
});
