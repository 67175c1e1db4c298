import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, applyAndDispatch, signAgreement } from '#bench/commissionerYear.ts';
import { TimedApi } from '#bench/timedApi.ts';
import { chinaDate } from '#shared/chinaTime.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
});

afterAll(async () => {
  await runtime?.stop();
});

describe("the bench's year on a step that kept failing", () => {
  it('retries it as the bureau, counts it, and the commissioner goes on to their report periods', async () => {
    // Arrange: one commissioner dispatched, past the public notice.
    const api = new TimedApi(runtime.url);
    const admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
    api.retryFailedStepsAs(admin);
    const participant = await applyAndDispatch(api, admin, 1);
    await api.call('POST', '/local/clock', { body: { advanceSeconds: 6 * 24 * 3600 } });
    await api.readUntil(
      '/dispatches/{id}',
      { id: participant.dispatchId },
      admin,
      ({ body }) => body.dispatch.state === 'dispatched',
    );
    // A function cut off by its timeout: the workflow does not retry that, so the agreement waits for the bureau.
    await api.call('POST', '/local/faults', {
      body: {
        state: 'Activate the agreement and schedule its report periods',
        times: 1,
        error: 'Sandbox.Timedout',
      },
    });
    const termStart = addDays(chinaDate(await api.clockNow()), 10);

    // Act
    const periods = await signAgreement(api, admin, participant, termStart);

    // Assert
    expect(periods.map((period) => period.index)).toEqual([1, 2, 3, 4]);
    expect(api.retriedSteps).toEqual([`retry-agreement.${participant.agreementId}`]);
    const retry = await api.call('GET', '/tasks/{id}', {
      params: { id: `retry-agreement.${participant.agreementId}` },
      token: admin,
    });
    expect(retry.body.task).toMatchObject({ status: 'completed', completion: { decision: 'retry' } });
  });
});
