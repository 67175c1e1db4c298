import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type RecordDemandStepInput, recordDemandStep } from '#shared/demand/demandWorkflow.ts';
import type { Demand } from '#shared/demand/model.ts';
import { firstRevision } from '#shared/records/revisions.ts';

/*
 * The demand's revision step over an in-memory table: the revision's item is written before
 * the record refers to it, and a step retried after a crash between the two writes neither
 * loses nor duplicates the revision.
 */

const store = vi.hoisted(() => ({
  records: new Map<string, unknown>(),
  items: new Map<string, unknown>(),
  itemWrites: [] as string[],
  /** While set, the record's write fails (the process dies after the revision's item is written). */
  crashBeforeRecord: false,
}));

vi.mock('#shared/demand/demandTable.ts', () => ({
  demandTable: {
    get: async (id: string) => store.records.get(id),
    replace: async (demand: { id: string; revisions: readonly { revisionId: string }[] }) => {
      if (store.crashBeforeRecord) throw new Error('The process died');
      for (const summary of demand.revisions) {
        if (!store.items.has(summary.revisionId)) throw new Error(`${summary.revisionId} is not written yet`);
      }
      store.records.set(demand.id, demand);
    },
  },
  demandRevisions: {
    store: async (recordId: string, revision: number, form: unknown) => {
      const id = `${recordId}.revision-${revision}`;
      store.items.set(id, { id, recordId, revision, form, version: 1 });
      store.itemWrites.push(id);
    },
  },
}));

const id = 'demand-1';
const enterprise = { sub: 'boss-sub', email: 'boss@example.com', role: 'enterprise' as const };
const first = {
  enterpriseName: '退回修改企业',
  creditCode: '91350100M000100Y43',
  problem: '需要改进涂层工艺以提高产品的耐腐蚀性能，希望得到专家指导。',
  industry: 'newMaterials',
  technicalFields: ['涂层'],
  location: '临平区',
  contactName: '赵',
  contactPhone: '13712345678',
  contactEmail: 'returned@example.com',
};
const revised = { ...first, problem: `${first.problem}现有设备：XK-200 涂装线。` };

const revision: RecordDemandStepInput = {
  demandId: id,
  action: 'resubmit',
  eventId: 'completion-2',
  outcome: { decision: 'resubmit', actor: enterprise, completionId: 'completion-2', payload: revised },
};

beforeEach(() => {
  store.records.clear();
  store.items.clear();
  store.itemWrites.length = 0;
  store.crashBeforeRecord = false;
  store.items.set(`${id}.revision-1`, {
    id: `${id}.revision-1`,
    recordId: id,
    revision: 1,
    form: first,
    version: 1,
  });
  store.records.set(id, {
    id,
    state: 'returned',
    revision: 1,
    version: 3,
    poster: { sub: enterprise.sub, email: enterprise.email, organization: first.enterpriseName },
    form: first,
    revisions: [firstRevision(id, '2027-01-01T00:00:00.000Z')],
    auditPages: 0,
    recentAudit: [],
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-02T00:00:00.000Z',
  } as unknown as Demand);
});

describe("recording a demand's revision", () => {
  it('neither loses nor duplicates the revision when retried after a crash between its two writes', async () => {
    store.crashBeforeRecord = true;
    await expect(recordDemandStep(revision)).rejects.toThrow('The process died');
    expect((store.records.get(id) as Demand).revision).toBe(1);

    store.crashBeforeRecord = false;
    expect(await recordDemandStep(revision)).toEqual({ state: 'awaiting_verification' });
    await recordDemandStep(revision);

    const record = store.records.get(id) as Demand;
    expect(record).toMatchObject({ revision: 2, form: revised });
    expect(record.revisions).toEqual([
      firstRevision(id, '2027-01-01T00:00:00.000Z'),
      { revision: 2, submittedAt: record.updatedAt, revisionId: `${id}.revision-2` },
    ]);
    expect(store.itemWrites).toEqual([`${id}.revision-2`, `${id}.revision-2`]);
    expect(store.items.get(`${id}.revision-2`)).toMatchObject({ revision: 2, form: revised });
  });
});
