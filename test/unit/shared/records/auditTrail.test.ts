import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoItemSize } from '#local/dynamoItemSize.ts';
import { type DemandAction, type DemandState, demandTransitions } from '#shared/demand/states.ts';
import {
  type AuditEntry,
  applyStep,
  auditPageSize,
  lastReason,
  type StagedRecord,
  type StepRules,
  splitAudit,
} from '#shared/records/stagedRecord.ts';

const itemSize = (item: object) =>
  dynamoItemSize(marshall(item) as unknown as Parameters<typeof dynamoItemSize>[0]);

type Demand = StagedRecord<DemandState, DemandAction>;
type Entry = AuditEntry<DemandState, DemandAction>;

const rules: StepRules<DemandState, DemandAction, 'enterprise' | 'admin' | 'system'> = {
  transitions: demandTransitions,
  noun: 'a demand',
  actorKind: (actor) =>
    actor.role === 'admin' ? 'admin' : actor.role === 'enterprise' ? 'enterprise' : 'system',
};

const admin = { sub: 'a', email: 'admin@example.gov.cn', role: 'admin' as const };
const enterprise = { sub: 'e', email: 'contact@example.com', role: 'enterprise' as const };

const created: Demand = {
  id: 'd1',
  state: 'awaiting_verification',
  version: 1,
  recentAudit: [],
  auditPages: 0,
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
};

/** A return (with its reason) or a resubmission, alternately: the loop a demand can go round without end. */
function step(record: Demand, number: number, reason = `第${number}次退回`): Demand {
  const next = applyStep(
    record,
    record.state === 'returned'
      ? { action: 'resubmit', actor: enterprise, eventId: `e${number}` }
      : { action: 'return', actor: admin, reason, eventId: `e${number}` },
    rules,
  );
  if (!next) throw new Error(`step ${number} was not applied`);
  return next;
}

/** Stores like `StagedTable.replace`: the pages leaving the record first, then the record. */
function store(record: Demand, pages: Map<number, readonly Entry[]>): Demand {
  const split = splitAudit(record);
  for (const { page, entries } of split.pages) pages.set(page, entries);
  return split.record;
}

function trailOf(record: Demand, pages: Map<number, readonly Entry[]>): readonly Entry[] {
  return [
    ...Array.from({ length: record.auditPages }, (_, page) => pages.get(page) ?? []).flat(),
    ...record.recentAudit,
  ];
}

describe('splitAudit', () => {
  it('keeps a short trail in the record', () => {
    const once = step(created, 1);
    expect(splitAudit(once)).toEqual({ record: once, pages: [] });
  });

  it('moves the oldest page out once the record holds two, and the trail reads back whole and in order', () => {
    const pages = new Map<number, readonly Entry[]>();
    let record = created;
    for (let number = 1; number <= 7 * auditPageSize + 3; number += 1) {
      record = store(step(record, number), pages);
      expect(record.recentAudit.length).toBeLessThan(2 * auditPageSize);
      if (record.auditPages > 0) expect(record.recentAudit.length).toBeGreaterThanOrEqual(auditPageSize);
    }
    expect(record.auditPages).toBe(6);
    expect(trailOf(record, pages).map((entry) => entry.eventId)).toEqual(
      Array.from({ length: 7 * auditPageSize + 3 }, (_, index) => `e${index + 1}`),
    );
  });

  it('writes the same page whoever writes it: a repeat after a crash, or a writer that lost the race', () => {
    let record = created;
    for (let number = 1; number < 2 * auditPageSize; number += 1) record = step(record, number);
    const first = splitAudit(step(record, 2 * auditPageSize));
    const rival = splitAudit(
      applyStep(record, { action: 'resubmit', actor: enterprise, eventId: 'rival' }, rules) as Demand,
    );
    expect(first.pages).toHaveLength(1);
    expect(rival.pages).toEqual(first.pages);
    expect(first.pages[0]?.entries.map((entry) => entry.eventId)).toEqual(
      Array.from({ length: auditPageSize }, (_, index) => `e${index + 1}`),
    );
  });

  it('still spots a replayed step and the latest reason after older entries left the record', () => {
    const pages = new Map<number, readonly Entry[]>();
    let record = created;
    for (let number = 1; number <= 5 * auditPageSize; number += 1) {
      record = store(step(record, number), pages);
    }
    expect(record.auditPages).toBeGreaterThan(0);
    const newest = `e${5 * auditPageSize}`;
    const replayed = applyStep(record, { action: 'resubmit', actor: enterprise, eventId: newest }, rules);
    expect(replayed).toBeUndefined();
    expect(lastReason(record)).toBe(`第${5 * auditPageSize - 1}次退回`);
  });

  it('bounds the record and a page by the largest entries the schemas allow, however long the trail', () => {
    // A reason is at most 1000 characters (`shared/tasks/schema.ts`), 3 UTF-8 bytes each in
    // Chinese; an email at most 254; an event id names an execution and a state (80 each) and a time.
    const longestReason = '审'.repeat(1000);
    const actor = {
      sub: 'f'.repeat(36),
      email: `${'m'.repeat(64)}@${'d'.repeat(189)}`,
      role: 'admin' as const,
    };
    const pages = new Map<number, readonly Entry[]>();
    let record = created;
    let largestRecord = 0;
    for (let number = 1; number <= 10 * auditPageSize; number += 1) {
      const next = applyStep(
        record,
        record.state === 'returned'
          ? {
              action: 'resubmit',
              actor: { ...actor, role: 'enterprise' },
              eventId: `${'x'.repeat(190)}${number}`,
            }
          : { action: 'return', actor, reason: longestReason, eventId: `${'x'.repeat(190)}${number}` },
        rules,
      ) as Demand;
      record = store(next, pages);
      largestRecord = Math.max(largestRecord, itemSize(record));
    }
    const largestPage = Math.max(
      ...[...pages.values()].map((entries) => itemSize({ id: 'd1#audit#99', entries })),
    );
    expect(largestRecord).toBeLessThan(100_000);
    expect(largestPage).toBeLessThan(100_000);
    expect(trailOf(record, pages)).toHaveLength(10 * auditPageSize);
  });
});
