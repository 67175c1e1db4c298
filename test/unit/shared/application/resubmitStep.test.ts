import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordApplicationStepInput } from '#shared/application/applicationWorkflow.ts';
import type { Application } from '#shared/application/model.ts';
import type { ApplicationForm } from '#shared/application/schema.ts';
import { firstRevision } from '#shared/records/revisions.ts';
import { applicationForm } from '#test/support/apiClient.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * The resubmission step against dynalite: the revision's item is written before the record
 * refers to it, and a step retried after a crash between the two writes neither loses nor
 * duplicates the revision.
 */

let tables: typeof import('#shared/application/applicationTable.ts');
let workflow: typeof import('#shared/application/applicationWorkflow.ts');

useLocalTables({ APPLICATION_TABLE: { name: 'Applications' } });

beforeAll(async () => {
  tables = await import('#shared/application/applicationTable.ts');
  workflow = await import('#shared/application/applicationWorkflow.ts');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const applicant = { sub: 'applicant-sub', email: 'li.wei@example.edu.cn', role: 'commissioner' as const };
const first = applicationForm();
const edited = {
  ...applicationForm(),
  statement: '补充：近三年为 12 家企业解决数控装备改造难题，开展培训 20 场。',
};

let resubmission: RecordApplicationStepInput = {
  applicationId: '',
  action: 'resubmit',
  eventId: 'completion-2',
  outcome: { decision: 'resubmit', actor: applicant, completionId: 'completion-2', payload: edited },
};

let id: string;
let count = 0;

beforeEach(async () => {
  count += 1;
  id = `app-${count}`;
  resubmission = { ...resubmission, applicationId: id };
  await tables.applicationRevisions.storeFirst(id, first as ApplicationForm);
  await tables.applicationTable.create({
    id,
    state: 'returned',
    revision: 1,
    version: 4,
    applicant: { sub: applicant.sub, email: applicant.email },
    form: first,
    revisions: [firstRevision(id, '2027-01-01T00:00:00.000Z')],
    auditPages: 0,
    recentAudit: [],
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-02T00:00:00.000Z',
  } as unknown as Application);
});

const stored = async () => {
  const application = await tables.applicationTable.get(id);
  if (!application) throw new Error(`${id} is not stored`);
  return application;
};

describe('recording a resubmission', () => {
  it('writes the revision to its own item first, and keeps only its summary and the current form in the record', async () => {
    const storeRevision = vi.spyOn(tables.applicationRevisions, 'store');
    const writeRecord = vi.spyOn(tables.applicationTable, 'replace');

    expect(await workflow.recordApplicationStep(resubmission)).toEqual({ state: 'awaiting_endorsement' });

    const record = await stored();
    expect(record).toMatchObject({ revision: 2, form: edited });
    expect(record.revisions).toEqual([
      firstRevision(id, '2027-01-01T00:00:00.000Z'),
      { revision: 2, submittedAt: record.updatedAt, revisionId: `${id}.revision-2` },
    ]);
    expect(storeRevision.mock.invocationCallOrder[0]).toBeLessThan(
      writeRecord.mock.invocationCallOrder[0] ?? 0,
    );
    expect(
      (await tables.applicationRevisions.readAll(record)).map((revision) => revision.form),
    ).toMatchObject([first, edited]);
  });

  it('neither loses nor duplicates the revision when retried after a crash between its two writes', async () => {
    const storeRevision = vi.spyOn(tables.applicationRevisions, 'store');
    vi.spyOn(tables.applicationTable, 'replace').mockRejectedValueOnce(new Error('The process died'));
    await expect(workflow.recordApplicationStep(resubmission)).rejects.toThrow('The process died');
    expect((await stored()).revision).toBe(1);

    await workflow.recordApplicationStep(resubmission);
    // A replay of the same event once recorded changes nothing.
    await workflow.recordApplicationStep(resubmission);

    const record = await stored();
    expect(record.revisions.map((summary) => summary.revisionId)).toEqual([
      `${id}.revision-1`,
      `${id}.revision-2`,
    ]);
    expect(storeRevision.mock.calls.map(([, revision]) => revision)).toEqual([2, 2]);
    expect(
      (await tables.applicationRevisions.readAll(record)).map((revision) => revision.form),
    ).toMatchObject([first, edited]);
  });
});
