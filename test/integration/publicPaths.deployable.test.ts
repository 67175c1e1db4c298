import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from '#test/support/target.ts';

/*
 * Deployable: only public routes; no `/local/*` route, no clock, no outbox, no process signals.
 * `npm test` runs it on an embedded runtime, `npm run test:deployed` on the stack `TEST_API_URL`
 * names (see the README). The signed-in stages are in the other `*.deployable.test.ts` files.
 */

let target: Target;

beforeAll(async () => {
  target = await startTarget();
});

afterAll(async () => {
  await target?.stop();
});

describe('a deployed stack, through its public routes', () => {
  it('is up and describes itself', async () => {
    expect((await target.api.request('GET', '/health')).status).toBe(200);
    const openApi = await target.api.request('GET', '/openapi.json');
    expect(openApi.status).toBe(200);
    expect(Object.keys(openApi.body.paths)).toEqual(expect.arrayContaining(['/applications', '/tasks']));
  });
});
