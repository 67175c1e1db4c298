import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type RecordApplicationStepInput,
  recordApplicationStep,
} from '#shared/application/applicationWorkflow.ts';
import type { Application } from '#shared/application/model.ts';
import { firstRevision } from '#shared/records/revisions.ts';
import { applicationForm } from '#test/support/apiClient.ts';

/*
 * The approval step over an in-memory table and pool: an approved applicant is in the pool
 * even when the step is retried after a crash between recording the approval and joining.
 */

const store = vi.hoisted(() => ({
  records: new Map<string, unknown>(),
  pool: new Map<string, string>(),
  /** While set, joining the pool fails (the process dies after the approval is recorded). */
  crashBeforeJoining: false,
}));

vi.mock('#shared/application/applicationTable.ts', () => ({
  applicationTable: {
    get: async (id: string) => store.records.get(id),
    replace: async (application: { id: string }) => {
      store.records.set(application.id, application);
    },
  },
  applicationRevisions: { store: async () => undefined },
}));

vi.mock('#shared/commissioner/commissionerPool.ts', () => ({
  joinCommissionerPool: async (application: Application) => {
    if (store.crashBeforeJoining) throw new Error('The process died');
    store.pool.set(application.applicant.sub, application.id);
  },
}));

const id = 'app-1';
const admin = { sub: 'admin-sub', email: 'admin@kjj.example.gov.cn', role: 'admin' as const };
const approval: RecordApplicationStepInput = {
  applicationId: id,
  action: 'approve',
  eventId: 'completion-3',
  outcome: { decision: 'approve', actor: admin, completionId: 'completion-3' },
};

beforeEach(() => {
  store.records.clear();
  store.pool.clear();
  store.crashBeforeJoining = false;
  store.records.set(id, {
    id,
    state: 'under_review',
    revision: 1,
    version: 3,
    applicant: { sub: 'applicant-sub', email: 'li.wei@example.edu.cn' },
    form: applicationForm(),
    revisions: [firstRevision(id, '2027-01-01T00:00:00.000Z')],
    auditPages: 0,
    recentAudit: [],
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-02T00:00:00.000Z',
  } as unknown as Application);
});

describe('recording an approval', () => {
  it('puts the approved applicant in the pool', async () => {
    expect(await recordApplicationStep(approval)).toEqual({ state: 'approved' });
    expect(store.pool.get('applicant-sub')).toBe(id);
  });

  it('still puts them in the pool when the step is retried after a crash between the two writes', async () => {
    store.crashBeforeJoining = true;
    await expect(recordApplicationStep(approval)).rejects.toThrow('The process died');
    expect((store.records.get(id) as Application).state).toBe('approved');
    expect(store.pool.size).toBe(0);

    store.crashBeforeJoining = false;
    expect(await recordApplicationStep(approval)).toEqual({ state: 'approved' });
    expect(store.pool.get('applicant-sub')).toBe(id);
  });
});
