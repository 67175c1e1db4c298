import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationForm } from '#test/support/apiClient.ts';
import { startTarget, type Target, type TargetUser } from '#test/support/target.ts';

/*
 * Deployable, like `publicPaths.deployable.test.ts`: the application stage through the signed-in
 * API and bounded polls, as the fixed commissioner, institution and bureau users. Each test
 * submits applications of its own and finds them by id (or by a name unique to the run), so it
 * passes again against a stack that keeps every earlier run's applications. What needs the
 * embedded runtime (emails, the clock, faults, executions, other people) stays in
 * `applicationStage.test.ts`.
 */

let target: Target;
let commissioner: TargetUser;
let institution: TargetUser;
let admin: TargetUser;

beforeAll(async () => {
  target = await startTarget();
  [commissioner, institution, admin] = await Promise.all([
    target.user('commissioner'),
    target.user('institution'),
    target.user('admin'),
  ]);
});

afterAll(async () => {
  await target?.stop();
});

/** The commissioner's form, endorsed by the institution user's research office. */
function form(overrides: Record<string, unknown> = {}) {
  if (!institution.organization) throw new Error(`${institution.email} names no organisation`);
  return applicationForm({
    email: commissioner.email,
    homeInstitution: institution.organization,
    researchOfficeEmail: institution.email,
    ...overrides,
  });
}

/** A name no earlier run used, to find this run's applications among the commissioner's. */
const uniqueName = () => `李伟-${randomUUID()}`;

async function submit(body = form()) {
  const { status, body: answer } = await target.api.request('POST', '/applications', {
    token: commissioner.token,
    body,
  });
  expect(status, JSON.stringify(answer)).toBe(201);
  return answer.application.id as string;
}

/** The commissioner's applications named `name`. */
async function named(name: string) {
  const { body } = await target.api.request('GET', '/applications', { token: commissioner.token });
  return body.items.filter((item: { name: string }) => item.name === name);
}

/** Posts a completion at once: for a task already completed or never opened. */
const attempt = (user: TargetUser, taskId: string, decision: string, reason?: string) =>
  target.api.request('POST', `/tasks/${taskId}/complete`, {
    token: user.token,
    body: { decision, ...(reason ? { reason } : {}) },
  });

/** Completes the task once the workflow has opened it (waiting as the bureau, who sees every task). */
const complete = async (user: TargetUser, taskId: string, decision: string, reason?: string) => {
  await target.api.waitForTask(admin.token, taskId);
  return attempt(user, taskId, decision, reason);
};

/** The application once the workflow has recorded `state`, as the bureau reads it (with its audit trail). */
const applicationIn = async (id: string, state: string) =>
  (await target.api.readUntil(admin.token, `/applications/${id}`, (body) => body.application.state === state))
    .application;

describe('the application stage through HTTP', () => {
  it('runs submit → endorse → approve, with the audit trail', async () => {
    const id = await submit();

    await target.api.readUntil(institution.token, '/tasks?limit=200', (body) =>
      body.items.some((t: { id: string }) => t.id === `endorse-application.${id}`),
    );
    expect((await complete(institution, `endorse-application.${id}`, 'endorse')).status).toBe(200);

    const review = await target.api.waitForTask(admin.token, `review-application.${id}`);
    expect(review).toMatchObject({ kind: 'review-application', decisions: ['approve', 'reject', 'return'] });
    expect(review.ageSeconds).toBeGreaterThanOrEqual(0);
    expect((await complete(admin, `review-application.${id}`, 'approve')).status).toBe(200);

    const approved = await applicationIn(id, 'approved');
    expect(approved.audit.map((e: { from: string | null; to: string }) => [e.from, e.to])).toEqual([
      [null, 'awaiting_endorsement'],
      ['awaiting_endorsement', 'under_review'],
      ['under_review', 'approved'],
    ]);
    expect(approved.audit[1].actor).toMatchObject({ role: 'institution' });
  });

  it('rejects only with a reason, and only by the bureau', async () => {
    const id = await submit();
    expect((await complete(institution, `endorse-application.${id}`, 'endorse')).status).toBe(200);

    expect((await complete(commissioner, `review-application.${id}`, 'approve')).status).toBe(403);
    const withoutReason = await complete(admin, `review-application.${id}`, 'reject');
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.fields).toEqual([
      {
        field: 'reason',
        reason: 'is required to reject',
        code: 'reasonRequired',
        params: { decision: 'reject' },
      },
    ]);
    expect(
      (await complete(admin, `review-application.${id}`, 'reject', '技术领域与本区产业不符')).status,
    ).toBe(200);

    const rejected = await applicationIn(id, 'rejected');
    expect(rejected.audit.map((e: { to: string }) => e.to)).toEqual([
      'awaiting_endorsement',
      'under_review',
      'rejected',
    ]);
  });

  it('returns for more information, keeps every version, and takes the resubmission through endorsement again', async () => {
    const original = form();
    const id = await submit(original);
    await complete(institution, `endorse-application.${id}`, 'endorse');
    await complete(admin, `review-application.${id}`, 'return', '请补充服务企业案例');
    await applicationIn(id, 'returned');
    // The resubmission step opens a moment after the application is recorded as returned.
    await target.api.waitForTask(admin.token, `resubmit-application.${id}`);

    const edited = {
      ...original,
      statement: '补充：近三年为 12 家企业解决数控装备改造难题，开展培训 20 场。',
    };
    const resubmitted = await target.api.request('PUT', `/applications/${id}`, {
      token: commissioner.token,
      body: { form: edited, baseRevision: 1 },
    });
    expect(resubmitted.status).toBe(202);
    const afterResubmission = (
      await target.api.readUntil(
        commissioner.token,
        `/applications/${id}`,
        (body) => body.application.revision === 2,
      )
    ).application;
    expect(afterResubmission).toMatchObject({ state: 'awaiting_endorsement', revision: 2 });
    expect(afterResubmission.revisions.map((r: { form: { statement: string } }) => r.form.statement)).toEqual(
      [original.statement, edited.statement],
    );

    const stale = await target.api.request('PUT', `/applications/${id}`, {
      token: commissioner.token,
      body: { form: edited, baseRevision: 1 },
    });
    expect(stale.status).toBe(409);

    await complete(institution, `endorse-application.${id}`, 'endorse');
    await complete(admin, `review-application.${id}`, 'approve');
    const final = await applicationIn(id, 'approved');
    expect(final.revisions).toHaveLength(2);
  });
});

describe('bad input, wrong callers and repeated steps', () => {
  it('answers 400 naming each failing field, and stores nothing', async () => {
    const name = uniqueName();
    const response = await target.api.request('POST', '/applications', {
      token: commissioner.token,
      body: form({ name, phone: '12345', industries: [], email: 'nope', extra: 1 }),
    });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'email',
      'extra',
      'industries',
      'phone',
    ]);
    expect(await named(name)).toEqual([]);

    const notJson = await target.api.request('POST', '/applications', {
      token: commissioner.token,
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.fields).toEqual([{ field: '(body)', reason: 'is not valid JSON', code: 'notJson' }]);
  });

  it('answers 401 without a valid token and 403 to the wrong role', async () => {
    expect((await target.api.request('GET', '/tasks')).status).toBe(401);
    expect((await target.api.request('GET', '/tasks', { token: `${commissioner.token}x` })).status).toBe(401);
    expect(
      (await target.api.request('POST', '/applications', { token: institution.token, body: form() })).status,
    ).toBe(403);

    const id = await submit();
    expect((await complete(commissioner, `endorse-application.${id}`, 'endorse')).status).toBe(403);
  });

  it('answers 404 for what is not there', async () => {
    expect((await target.api.request('GET', '/applications/no-such-id', { token: admin.token })).status).toBe(
      404,
    );
    expect((await attempt(admin, 'review-application.no-such-id', 'approve')).status).toBe(404);
    const put = await target.api.request('PUT', '/applications/no-such-id', {
      token: commissioner.token,
      body: { form: form(), baseRevision: 1 },
    });
    expect(put.status).toBe(404);
  });

  it('lets exactly one of 20 simultaneous completions win; the rest get 409', async () => {
    const id = await submit();
    await target.api.waitForTask(admin.token, `endorse-application.${id}`);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => attempt(institution, `endorse-application.${id}`, 'endorse')),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const endorsed = await applicationIn(id, 'under_review');
    expect(endorsed.audit.filter((e: { action: string }) => e.action === 'endorse')).toHaveLength(1);
  });

  it('treats a repeated submission with the same Idempotency-Key as the first', async () => {
    const name = uniqueName();
    const headers = { 'idempotency-key': randomUUID() };
    const body = form({ name });
    const first = await target.api.request('POST', '/applications', {
      token: commissioner.token,
      body,
      headers,
    });
    const again = await target.api.request('POST', '/applications', {
      token: commissioner.token,
      body,
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.application.id).toBe(first.body.application.id);
    expect((await named(name)).map((item: { id: string }) => item.id)).toEqual([first.body.application.id]);

    const different = await target.api.request('POST', '/applications', {
      token: commissioner.token,
      body: { ...body, statement: '另一份完全不同的申请说明：专注于新材料企业的检测与认证服务。' },
      headers,
    });
    expect(different.status).toBe(409);
  });

  it('refuses resubmitting an application that was not returned', async () => {
    const id = await submit();
    const response = await target.api.request('PUT', `/applications/${id}`, {
      token: commissioner.token,
      body: { form: form(), baseRevision: 1 },
    });
    expect(response.status).toBe(409);
  });
});
