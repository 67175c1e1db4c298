import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetUser } from '#test/support/target.ts';

/*
 * Deployable, like `publicPaths.deployable.test.ts`: enterprise demands through the signed-in API
 * and bounded polls, as the fixed enterprise and bureau users. Each test posts a demand of its own
 * and follows it by id, so it passes again against a stack that keeps earlier runs' demands. The
 * maximal demand stays in `dispatchStage.test.ts` (its enterprise's name is 100 characters long).
 */

let target: Target;
let enterprise: TargetUser;
let admin: TargetUser;

beforeAll(async () => {
  target = await startTarget();
  [enterprise, admin] = await Promise.all([target.user('enterprise'), target.user('admin')]);
});

afterAll(async () => {
  await target?.stop();
});

/** A valid demand of the enterprise user's organisation; override what a test is about. */
function demandForm(overrides: Record<string, unknown> = {}) {
  if (!enterprise.organization) throw new Error(`${enterprise.email} names no organisation`);
  return {
    enterpriseName: enterprise.organization,
    creditCode: '91350100M000100Y43',
    problem: '注塑车间能耗偏高，希望专家帮助诊断余热回收与电机系统的节能改造方案。',
    industry: 'electronicInformation',
    technicalFields: ['节能技术', '电机控制'],
    location: '杭州市钱塘区',
    contactName: '陈工',
    contactPhone: '13612345678',
    contactEmail: enterprise.email,
    ...overrides,
  };
}

/** Completes the task once the workflow has opened it (waiting as the bureau, who sees every task). */
async function complete(user: TargetUser, taskId: string, decision: string, reason?: string) {
  await target.api.waitForTask(admin.token, taskId);
  return target.api.request('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, {
    token: user.token,
    body: { decision, ...(reason ? { reason } : {}) },
  });
}

const demandIn = async (id: string, state: string) =>
  (await target.api.readUntil(admin.token, `/demands/${id}`, (body) => body.demand.state === state)).demand;

describe('enterprise demands', () => {
  it('rejects a credit code whose check character is wrong, naming the field', async () => {
    const response = await target.api.request('POST', '/demands', {
      token: enterprise.token,
      body: demandForm({ creditCode: '91350100M000100Y44' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([
      {
        field: 'creditCode',
        reason: 'check character should be 3',
        code: 'checkCharacter',
        params: { expected: '3' },
      },
    ]);
  });

  it('returns a demand for changes, and verifies the revised one', async () => {
    const form = demandForm();
    const posted = await target.api.request('POST', '/demands', { token: enterprise.token, body: form });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const id = posted.body.demand.id as string;
    expect((await complete(admin, `verify-demand.${id}`, 'return', '请写明现有设备规格')).status).toBe(200);
    await demandIn(id, 'returned');
    // The revision step opens a moment after the demand is recorded as returned.
    await target.api.waitForTask(admin.token, `revise-demand.${id}`);
    const revised = { ...form, problem: `${form.problem}现有设备：12 台 280 吨注塑机。` };
    const put = await target.api.request('PUT', `/demands/${id}`, {
      token: enterprise.token,
      body: { form: revised, baseRevision: 1 },
    });
    expect(put.status).toBe(202);
    expect((await complete(admin, `verify-demand.${id}`, 'verify')).status).toBe(200);
    const demand = await demandIn(id, 'verified');
    expect(demand).toMatchObject({ state: 'verified', revision: 2 });
    expect(demand.revisions).toHaveLength(2);
  });
});
