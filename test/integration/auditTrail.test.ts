import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, addDays, outcomeCounts } from '#test/support/apiClient.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * A record's audit trail grows with what people do, past the 400 KB DynamoDB holds in one
 * item (counted in UTF-8, as the embedded runtime counts it): a report disputed again and
 * again with the longest reason allowed keeps moving, and reads back every entry in order.
 */

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;
let lifecycle: Lifecycle;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  lifecycle = new Lifecycle(api, admin);
});

afterAll(async () => {
  await runtime?.stop();
});

const reportPath = (id: string) => `/reports/${encodeURIComponent(id)}`;

/** A dispute reason of the greatest length a task's reason may have: 1000 characters, 3 UTF-8 bytes each. */
function longestReason(cycle: number): string {
  const head = `第${cycle}次争议：`;
  return head + '培训人数与签到表不符请核对'.repeat(80).slice(0, 1000 - head.length);
}

/** Disputes that, with their reasons, pass what one item holds: 400 KB in UTF-8. */
const cycles = 120;

describe('a report disputed again and again', () => {
  it('keeps taking steps past what one item holds, and answers its whole trail in order', async () => {
    const parties = await lifecycle.dispatched();
    const termStart = addDays(await api.clockDay(), 10);
    const drafted = await api.request('POST', '/agreements', {
      token: admin,
      body: {
        dispatchId: parties.dispatchId,
        termStart,
        termEnd: addDays(termStart, 364),
        cadence: 'quarterly',
        goals: outcomeCounts({ technicalProblemsSolved: 6 }),
      },
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const agreementId: string = drafted.body.agreement.id;
    await lifecycle.complete(
      parties.commissioner.token,
      `sign-agreement-commissioner.${agreementId}`,
      'sign',
    );
    await lifecycle.complete(
      parties.commissioner.office,
      `sign-agreement-institution.${agreementId}`,
      'sign',
    );
    await lifecycle.complete(parties.demand.token, `sign-agreement-enterprise.${agreementId}`, 'sign');
    await lifecycle.complete(admin, `countersign-agreement.${agreementId}`, 'countersign');
    const { agreement } = await api.readUntil(
      admin,
      `/agreements/${encodeURIComponent(agreementId)}`,
      (body) => body.agreement.reportPeriods?.length > 0,
    );
    const first: { id: string; start: string } = agreement.reportPeriods[0];
    await api.advanceTo(first.start, '08:00');

    const report = {
      counts: outcomeCounts({ technicalTrainings: 1 }),
      narrative: '为车间技术人员开展一次工艺培训。',
      evidence: [{ kind: 'training', date: first.start, topic: '精密加工工艺', attendance: 24 }],
    };
    const confirm = `confirm-report.${first.id}`;
    for (let cycle = 1; cycle <= cycles; cycle += 1) {
      await api.waitForTask(admin, `submit-report.${first.id}`);
      const submitted = await api.request('POST', `${reportPath(first.id)}/versions`, {
        token: parties.commissioner.token,
        body: report,
      });
      expect(submitted.status, JSON.stringify(submitted.body).slice(0, 500)).toBe(202);
      const disputed = await lifecycle.complete(
        parties.demand.token,
        confirm,
        'dispute',
        longestReason(cycle),
      );
      expect(disputed.status, JSON.stringify(disputed.body).slice(0, 500)).toBe(200);
    }

    const { report: read } = await api.readUntil(
      admin,
      reportPath(first.id),
      (body) => body.report.audit.length === 2 + 2 * cycles,
    );
    const trail: { action: string; reason?: string }[] = read.audit;
    expect(trail.slice(0, 2).map((entry) => entry.action)).toEqual(['schedule', 'open']);
    expect(trail.slice(2).map((entry) => entry.action)).toEqual(
      Array.from({ length: cycles }, () => ['submit', 'dispute']).flat(),
    );
    const reasons = trail.filter((entry) => entry.action === 'dispute').map((entry) => entry.reason);
    expect(reasons).toEqual(Array.from({ length: cycles }, (_, index) => longestReason(index + 1)));
    expect(Buffer.byteLength(JSON.stringify(trail), 'utf8')).toBeGreaterThan(400 * 1024);
    expect(read.versions).toHaveLength(cycles);

    // The workflow still moves: the next submission is taken and confirmed.
    await api.waitForTask(admin, `submit-report.${first.id}`);
    expect(
      (
        await api.request('POST', `${reportPath(first.id)}/versions`, {
          token: parties.commissioner.token,
          body: report,
        })
      ).status,
    ).toBe(202);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'confirm')).status).toBe(200);
    await api.readUntil(admin, reportPath(first.id), (body) => body.report.state === 'confirmed');
  }, 900_000);
});
