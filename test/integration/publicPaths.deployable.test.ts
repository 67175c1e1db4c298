import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationForm } from '#test/support/apiClient.ts';
import { startTarget, type Target, type TargetUser } from '#test/support/target.ts';

/*
 * Deployable: only public routes, the signed-in API and bounded polls; no `/local/*` route,
 * no clock, no outbox, no process signals. `npm test` runs it on an embedded runtime,
 * `npm run test:deployed` on the stack `TEST_API_URL` names (see the README).
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

describe('a deployed stack, through its public API', () => {
  it('is up and describes itself', async () => {
    expect((await target.api.request('GET', '/health')).status).toBe(200);
    const openApi = await target.api.request('GET', '/openapi.json');
    expect(openApi.status).toBe(200);
    expect(Object.keys(openApi.body.paths)).toEqual(expect.arrayContaining(['/applications', '/tasks']));
  });

  it('answers 401 without a token and 400 with the field for a bad form', async () => {
    expect((await target.api.request('GET', '/tasks')).status).toBe(401);
    const bad = await target.api.request('POST', '/applications', {
      token: commissioner.token,
      body: form({ phone: '12' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['phone']);
  });

  it('takes an application through endorsement to the bureau, who rejects it with a reason', async () => {
    const submitted = await target.api.request('POST', '/applications', {
      token: commissioner.token,
      body: form(),
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.application.id as string;

    await target.api.waitForTask(institution.token, `endorse-application.${id}`);
    const endorsed = await target.api.request('POST', `/tasks/endorse-application.${id}/complete`, {
      token: institution.token,
      body: { decision: 'endorse' },
    });
    expect(endorsed.status).toBe(200);

    const review = await target.api.waitForTask(admin.token, `review-application.${id}`);
    expect(review).toMatchObject({ kind: 'review-application' });
    const byApplicant = await target.api.request('POST', `/tasks/review-application.${id}/complete`, {
      token: commissioner.token,
      body: { decision: 'approve' },
    });
    expect(byApplicant.status).toBe(403);

    const reason = '部署环境联调测试，不予通过';
    const rejected = await target.api.request('POST', `/tasks/review-application.${id}/complete`, {
      token: admin.token,
      body: { decision: 'reject', reason },
    });
    expect(rejected.status).toBe(200);
    const { application } = await target.api.readUntil(
      commissioner.token,
      `/applications/${id}`,
      (body) => body.application.state === 'rejected',
    );
    expect(application.audit.map((e: { to: string }) => e.to)).toEqual([
      'awaiting_endorsement',
      'under_review',
      'rejected',
    ]);
  });
});
