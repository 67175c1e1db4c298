import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationForm, demandForm } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { startTarget, type Target, type TargetUser } from '#test/support/target.ts';

/*
 * Deployable, like `publicPaths.deployable.test.ts`: the signed-in API and bounded polls only.
 * It takes one commissioner from application to a dispatch under public notice, as the four
 * people involved would, and has proposals refused and declined. Each run starts from new
 * applications and new demands, so it can run again and again against the same deployed stack.
 * It stops at the notice: closing it takes the notice period in real time, which only the
 * embedded runtime's clock can skip; that and what needs other people stay in `dispatchStage.test.ts`.
 */

let target: Target;
let commissioner: TargetUser;
let institution: TargetUser;
let enterprise: TargetUser;
let admin: TargetUser;

beforeAll(async () => {
  target = await startTarget();
  [commissioner, institution, enterprise, admin] = await Promise.all([
    target.user('commissioner'),
    target.user('institution'),
    target.user('enterprise'),
    target.user('admin'),
  ]);
});

afterAll(async () => {
  await target?.stop();
});

function organizationOf(user: TargetUser): string {
  if (!user.organization) throw new Error(`${user.email} names no organisation`);
  return user.organization;
}

/** Completes the task once the workflow has opened it (waiting as the bureau, who sees every task). */
async function complete(user: TargetUser, taskId: string, decision: string, reason?: string) {
  await target.api.waitForTask(admin.token, taskId);
  return target.api.request('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, {
    token: user.token,
    body: { decision, ...(reason ? { reason } : {}) },
  });
}

/** The commissioner approved through a new application, so in the pool: its id. */
async function approvedCommissioner(): Promise<string> {
  const applied = await target.api.request('POST', '/applications', {
    token: commissioner.token,
    body: applicationForm({
      email: commissioner.email,
      homeInstitution: organizationOf(institution),
      researchOfficeEmail: institution.email,
      technicalFields: ['智能制造', '精密加工'],
      serviceAreas: ['余杭区'],
    }),
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const applicationId = applied.body.application.id as string;
  expect((await complete(institution, `endorse-application.${applicationId}`, 'endorse')).status).toBe(200);
  expect((await complete(admin, `review-application.${applicationId}`, 'approve')).status).toBe(200);
  await target.api.readUntil(
    commissioner.token,
    `/applications/${applicationId}`,
    (body) => body.application.state === 'approved',
  );
  return decodeJwt(commissioner.token).sub as string;
}

/** A new demand of the enterprise user's, verified by the bureau (and not by the enterprise): its id. */
async function verifiedDemand(): Promise<string> {
  const posted = await target.api.request('POST', '/demands', {
    token: enterprise.token,
    body: demandForm(organizationOf(enterprise), { contactEmail: enterprise.email }),
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  const demandId = posted.body.demand.id as string;
  expect((await complete(enterprise, `verify-demand.${demandId}`, 'verify')).status).toBe(403);
  expect((await complete(admin, `verify-demand.${demandId}`, 'verify')).status).toBe(200);
  await target.api.readUntil(admin.token, `/demands/${demandId}`, (body) => body.demand.state === 'verified');
  return demandId;
}

interface RankedCandidate {
  readonly commissionerId: string;
  readonly components: readonly { criterion: string; points: number; maxPoints: number }[];
}

/** Every page of the demand's ranked candidates: a deployment's pool may fill more than one. */
async function allCandidates(demandId: string): Promise<RankedCandidate[]> {
  const items: RankedCandidate[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
    const { status, body } = await target.api.request('GET', `/demands/${demandId}/candidates?${query}`, {
      token: admin.token,
    });
    expect(status, JSON.stringify(body)).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

/** The demand's candidates once the commissioner is among them: the approval is recorded a moment before the pool is joined. */
const candidatesWith = (demandId: string, commissionerId: string) =>
  eventually(
    `${commissionerId} among the candidates`,
    () => allCandidates(demandId),
    (items) => items.some((c) => c.commissionerId === commissionerId),
  );

async function propose(demandId: string, commissionerId: string): Promise<string> {
  const proposed = await target.api.request('POST', '/dispatches', {
    token: admin.token,
    body: { demandId, commissionerId },
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  return proposed.body.dispatch.id as string;
}

/** One run: the commissioner approved, a demand verified, ranked, proposed, accepted and on notice. */
async function fromApplicationToNotice(): Promise<void> {
  const commissionerId = await approvedCommissioner();
  const demandId = await verifiedDemand();
  const candidates = await candidatesWith(demandId, commissionerId);
  const candidate = candidates.find((c: { commissionerId: string }) => c.commissionerId === commissionerId);
  expect(candidate?.components.find((c) => c.criterion === 'technicalFields')).toMatchObject({
    points: 40,
    maxPoints: 40,
  });
  expect(
    (await target.api.request('GET', `/demands/${demandId}/candidates`, { token: enterprise.token })).status,
  ).toBe(403);

  const dispatchId = await propose(demandId, commissionerId);
  const again = await target.api.request('POST', '/dispatches', {
    token: admin.token,
    body: { demandId, commissionerId },
  });
  expect(again.status).toBe(409);

  expect((await complete(enterprise, `accept-dispatch-commissioner.${dispatchId}`, 'accept')).status).toBe(
    403,
  );
  expect((await complete(commissioner, `accept-dispatch-commissioner.${dispatchId}`, 'accept')).status).toBe(
    200,
  );
  expect((await complete(enterprise, `accept-dispatch-enterprise.${dispatchId}`, 'accept')).status).toBe(200);

  await target.api.readUntil(
    admin.token,
    `/dispatches/${encodeURIComponent(dispatchId)}`,
    (body) => body.dispatch.state === 'in_notice',
  );
  const notices = await target.api.readUntil(institution.token, '/dispatches?state=in_notice', (body) =>
    body.items.some((d: { id: string }) => d.id === dispatchId),
  );
  expect(notices.items.find((d: { id: string }) => d.id === dispatchId)).toMatchObject({
    state: 'in_notice',
  });
}

describe('a deployed stack, from application to public notice', () => {
  it('approves the commissioner, verifies a demand, ranks, proposes and puts the dispatch on notice', async () => {
    await fromApplicationToNotice();
  });

  it('does it all again with the same people, as the next run against the same stack does', async () => {
    await fromApplicationToNotice();
  });
});

describe('a deployed stack, proposals refused and declined', () => {
  it('refuses proposals by anyone but the bureau, and of anyone not in the pool', async () => {
    const demandId = await verifiedDemand();
    const commissionerId = decodeJwt(commissioner.token).sub;
    const asEnterprise = await target.api.request('POST', '/dispatches', {
      token: enterprise.token,
      body: { demandId, commissionerId },
    });
    expect(asEnterprise.status).toBe(403);
    const notInPool = await target.api.request('POST', '/dispatches', {
      token: admin.token,
      body: { demandId, commissionerId: 'nobody' },
    });
    expect(notInPool.status).toBe(400);
  });

  it('sends the demand back to matching when the enterprise declines, withdrawing the other task', async () => {
    const commissionerId = await approvedCommissioner();
    const demandId = await verifiedDemand();
    await candidatesWith(demandId, commissionerId);
    const dispatchId = await propose(demandId, commissionerId);

    const noReason = await complete(enterprise, `accept-dispatch-enterprise.${dispatchId}`, 'decline');
    expect(noReason.status).toBe(400);
    expect(
      (await complete(enterprise, `accept-dispatch-enterprise.${dispatchId}`, 'decline', '已有合作院校'))
        .status,
    ).toBe(200);

    await target.api.readUntil(
      admin.token,
      `/dispatches/${encodeURIComponent(dispatchId)}`,
      (body) => body.dispatch.state === 'declined',
    );
    const back = await target.api.readUntil(
      admin.token,
      `/demands/${demandId}`,
      (body) => body.demand.state === 'verified' && body.demand.audit.at(-1).action === 'rematch',
    );
    expect(back.demand.audit.at(-1)).toMatchObject({ action: 'rematch', reason: '已有合作院校' });
    // Once the workflow has withdrawn the commissioner's task, a late acceptance is refused.
    const taskId = `accept-dispatch-commissioner.${dispatchId}`;
    await target.api.readUntil(
      admin.token,
      `/tasks/${encodeURIComponent(taskId)}`,
      (body) => body.task.status !== 'open',
    );
    const withdrawn = await target.api.request('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, {
      token: commissioner.token,
      body: { decision: 'accept' },
    });
    expect(withdrawn.status).toBe(409);
    const candidates = await allCandidates(demandId);
    expect(candidates.map((c) => c.commissionerId)).not.toContain(commissionerId);
  });
});
