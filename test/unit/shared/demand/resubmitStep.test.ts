import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordDemandStepInput } from '#shared/demand/demandWorkflow.ts';
import type { Demand } from '#shared/demand/model.ts';
import type { DemandForm } from '#shared/demand/schema.ts';
import { firstRevision } from '#shared/records/revisions.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * The demand's revision step against dynalite: the revision's item is written before the record
 * refers to it, and a step retried after a crash between the two writes neither loses nor
 * duplicates the revision.
 */

let tables: typeof import('#shared/demand/demandTable.ts');
let workflow: typeof import('#shared/demand/demandWorkflow.ts');

useLocalTables({ DEMAND_TABLE: { name: 'Demands' } });

beforeAll(async () => {
  tables = await import('#shared/demand/demandTable.ts');
  workflow = await import('#shared/demand/demandWorkflow.ts');
});

afterEach(() => {
  vi.restoreAllMocks();
});

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

let revision: RecordDemandStepInput = {
  demandId: '',
  action: 'resubmit',
  eventId: 'completion-2',
  outcome: { decision: 'resubmit', actor: enterprise, completionId: 'completion-2', payload: revised },
};

let id: string;
let count = 0;

beforeEach(async () => {
  count += 1;
  id = `demand-${count}`;
  revision = { ...revision, demandId: id };
  await tables.demandRevisions.storeFirst(id, first as DemandForm);
  await tables.demandTable.create({
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

const stored = async () => {
  const demand = await tables.demandTable.get(id);
  if (!demand) throw new Error(`${id} is not stored`);
  return demand;
};

describe("recording a demand's revision", () => {
  it('neither loses nor duplicates the revision when retried after a crash between its two writes', async () => {
    const storeRevision = vi.spyOn(tables.demandRevisions, 'store');
    const writeRecord = vi
      .spyOn(tables.demandTable, 'replace')
      .mockRejectedValueOnce(new Error('The process died'));
    await expect(workflow.recordDemandStep(revision)).rejects.toThrow('The process died');
    expect((await stored()).revision).toBe(1);
    // The revision's item was written before the record's write was tried.
    expect(storeRevision.mock.invocationCallOrder[0]).toBeLessThan(
      writeRecord.mock.invocationCallOrder[0] ?? 0,
    );

    expect(await workflow.recordDemandStep(revision)).toEqual({ state: 'awaiting_verification' });
    await workflow.recordDemandStep(revision);

    const record = await stored();
    expect(record).toMatchObject({ revision: 2, form: revised });
    expect(record.revisions).toEqual([
      firstRevision(id, '2027-01-01T00:00:00.000Z'),
      { revision: 2, submittedAt: record.updatedAt, revisionId: `${id}.revision-2` },
    ]);
    expect(storeRevision.mock.calls.map(([, number]) => number)).toEqual([2, 2]);
    expect((await tables.demandRevisions.readAll(record)).map((stored) => stored.form)).toMatchObject([
      first,
      revised,
    ]);
  });
});
