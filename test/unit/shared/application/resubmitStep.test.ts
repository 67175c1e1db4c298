import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type RecordApplicationStepInput,
  recordApplicationStep,
} from '#shared/application/applicationWorkflow.ts';
import type { Application } from '#shared/application/model.ts';
import { firstRevision } from '#shared/records/revisions.ts';
import { applicationForm } from '#test/support/apiClient.ts';

/*
 * The resubmission step over an in-memory table: the revision's item is written before the
 * record refers to it, and a step retried after a crash between the two writes neither loses
 * nor duplicates the revision.
 */

const store = vi.hoisted(() => ({
  records: new Map<string, unknown>(),
  /** Revision items by id, and every write of one in order. */
  items: new Map<string, unknown>(),
  itemWrites: [] as string[],
  /** While set, the record's write fails (the process dies after the revision's item is written). */
  crashBeforeRecord: false,
}));

vi.mock('#shared/application/applicationTable.ts', () => ({
  applicationTable: {
    get: async (id: string) => store.records.get(id),
    replace: async (application: { id: string; revisions: readonly { revisionId: string }[] }) => {
      if (store.crashBeforeRecord) throw new Error('The process died');
      for (const summary of application.revisions) {
        if (!store.items.has(summary.revisionId)) throw new Error(`${summary.revisionId} is not written yet`);
      }
      store.records.set(application.id, application);
    },
  },
  applicationRevisions: {
    store: async (recordId: string, revision: number, form: unknown) => {
      const id = `${recordId}.revision-${revision}`;
      store.items.set(id, { id, recordId, revision, form, version: 1 });
      store.itemWrites.push(id);
    },
  },
}));

vi.mock('#shared/commissioner/commissionerPool.ts', () => ({ joinCommissionerPool: async () => undefined }));

const id = 'app-1';
const applicant = { sub: 'applicant-sub', email: 'li.wei@example.edu.cn', role: 'commissioner' as const };
const first = applicationForm();
const edited = {
  ...applicationForm(),
  statement: '补充：近三年为 12 家企业解决数控装备改造难题，开展培训 20 场。',
};

const resubmission: RecordApplicationStepInput = {
  applicationId: id,
  action: 'resubmit',
  eventId: 'completion-2',
  outcome: { decision: 'resubmit', actor: applicant, completionId: 'completion-2', payload: edited },
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
  const returned = {
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
  } as unknown as Application;
  store.records.set(id, returned);
});

describe('recording a resubmission', () => {
  it('writes the revision to its own item first, and keeps only its summary and the current form in the record', async () => {
    expect(await recordApplicationStep(resubmission)).toEqual({ state: 'awaiting_endorsement' });
    const record = store.records.get(id) as Application;
    expect(record).toMatchObject({ revision: 2, form: edited });
    expect(record.revisions).toEqual([
      firstRevision(id, '2027-01-01T00:00:00.000Z'),
      { revision: 2, submittedAt: record.updatedAt, revisionId: `${id}.revision-2` },
    ]);
    expect(store.items.get(`${id}.revision-2`)).toMatchObject({ revision: 2, form: edited });
  });

  it('neither loses nor duplicates the revision when retried after a crash between its two writes', async () => {
    store.crashBeforeRecord = true;
    await expect(recordApplicationStep(resubmission)).rejects.toThrow('The process died');
    expect((store.records.get(id) as Application).revision).toBe(1);

    store.crashBeforeRecord = false;
    await recordApplicationStep(resubmission);
    // A replay of the same event once recorded changes nothing.
    await recordApplicationStep(resubmission);

    const record = store.records.get(id) as Application;
    expect(record.revisions.map((summary) => summary.revisionId)).toEqual([
      `${id}.revision-1`,
      `${id}.revision-2`,
    ]);
    expect(store.itemWrites).toEqual([`${id}.revision-2`, `${id}.revision-2`]);
    expect([...store.items.keys()]).toEqual([`${id}.revision-1`, `${id}.revision-2`]);
    expect(store.items.get(`${id}.revision-2`)).toMatchObject({ form: edited });
  });
});
