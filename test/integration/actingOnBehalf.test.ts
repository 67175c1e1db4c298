import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, addDays, outcomeCounts } from '#test/support/apiClient.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * A party's signature and an enterprise's confirmation are that party's act. The bureau may
 * record one (a paper signature it received) only explicitly on the party's behalf, with a
 * reason: the record, its audit trail and an email to the party say so.
 */

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;
let lifecycle: Lifecycle;
let parties: Awaited<ReturnType<Lifecycle['dispatched']>>;
let agreementId: string;

const enc = encodeURIComponent;
const paperSignature = '企业法定代表人于3月3日在科技局当面签署纸质协议，扫描件已存档。';
const paperConfirmation = 'The enterprise confirmed the report on paper, stamped, at the quarterly meeting.';

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
const agreement = async (): Promise<any> =>
  (await api.request('GET', `/agreements/${enc(agreementId)}`, { token: admin })).body.agreement;
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
const report = async (id: string): Promise<any> =>
  (await api.request('GET', `/reports/${enc(id)}`, { token: admin })).body.report;
const task = async (id: string) =>
  (await api.request('GET', `/tasks/${enc(id)}`, { token: admin })).body.task;

const complete = (token: string, taskId: string, body: unknown) =>
  api.request('POST', `/tasks/${enc(taskId)}/complete`, { token, body });

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  lifecycle = new Lifecycle(api, admin);
  parties = await lifecycle.dispatched();
  const termStart = addDays(await api.clockDay(), 10);
  const drafted = await api.request('POST', '/agreements', {
    token: admin,
    body: {
      dispatchId: parties.dispatchId,
      termStart,
      termEnd: addDays(termStart, 364),
      goals: outcomeCounts({ technicalProblemsSolved: 2 }),
      cadence: 'quarterly',
    },
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  agreementId = drafted.body.agreement.id;
  const id = agreementId;
  expect(
    (await lifecycle.complete(parties.commissioner.token, `sign-agreement-commissioner.${id}`, 'sign'))
      .status,
  ).toBe(200);
  expect(
    (await lifecycle.complete(parties.commissioner.office, `sign-agreement-institution.${id}`, 'sign'))
      .status,
  ).toBe(200);
  await api.readUntil(admin, `/agreements/${enc(id)}`, (body) => body.agreement.signatures.length === 2);
});

afterAll(async () => {
  await runtime?.stop();
});

describe("the enterprise's signature", () => {
  const taskId = () => `sign-agreement-enterprise.${agreementId}`;

  it("shows the bureau the enterprise's open signature as one it may record only on the enterprise's behalf", async () => {
    const open = await api.waitForTask(admin, taskId());
    expect(open.decisions).toEqual(['sign', 'decline']);
    expect(open.decisionsOnBehalf).toEqual(['sign', 'decline']);
    const own = (await api.request('GET', `/tasks/${enc(taskId())}`, { token: parties.demand.token })).body
      .task;
    expect(own.decisionsOnBehalf).toEqual([]);
  });

  it('refuses the bureau signing for the enterprise without acting on its behalf, and changes nothing', async () => {
    const before = await agreement();
    for (const decision of ['sign', 'decline']) {
      const refused = await complete(admin, taskId(), { decision, reason: 'declined by phone' });
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      expect(refused.body.message).toContain('on their behalf');
    }
    expect((await task(taskId())).status).toBe('open');
    const after = await agreement();
    expect(after.state).toBe('awaiting_signatures');
    expect(after.signatures).toEqual(before.signatures);
    expect(after.audit).toEqual(before.audit);
  });

  it.each([
    ['missing', {}, 'is required', { code: 'required' }],
    ['empty', { reason: '' }, 'at least 10 characters', { code: 'tooShort', params: { minimum: 10 } }],
    [
      'too short',
      { reason: '  纸质签署  ' },
      'at least 10 characters',
      { code: 'tooShort', params: { minimum: 10 } },
    ],
    [
      'too long',
      { reason: '纸'.repeat(501) },
      'at most 500 characters',
      { code: 'tooLong', params: { maximum: 500 } },
    ],
  ])('answers 400 naming onBehalfOf.reason when the reason is %s', async (_, onBehalfOf, reason, coded) => {
    const refused = await complete(admin, taskId(), { decision: 'sign', onBehalfOf });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.fields).toEqual([
      { field: 'onBehalfOf.reason', reason: expect.stringContaining(reason), ...coded },
    ]);
    expect((await task(taskId())).status).toBe('open');
  });

  it('refuses onBehalfOf from the enterprise itself: only the bureau acts for a party', async () => {
    const refused = await complete(parties.demand.token, taskId(), {
      decision: 'sign',
      onBehalfOf: { reason: paperSignature },
    });
    expect(refused.status).toBe(403);
    expect((await task(taskId())).status).toBe('open');
  });

  it("records the bureau's paper signature as the enterprise's, on its behalf: on the record, in the audit trail and in an email to it", async () => {
    const signed = await complete(admin, taskId(), {
      decision: 'sign',
      onBehalfOf: { reason: paperSignature },
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const onBehalfOf = {
      role: 'enterprise',
      organization: parties.demand.organization,
      email: parties.demand.contactEmail,
      reason: paperSignature,
    };
    const bureau = { sub: expect.any(String), email: 'admin@kjj.example.gov.cn', role: 'admin', onBehalfOf };
    expect(signed.body.task.completion.by).toEqual(bureau);

    const recorded = (
      await api.readUntil(
        admin,
        `/agreements/${enc(agreementId)}`,
        (body) => body.agreement.state === 'awaiting_countersignature',
      )
    ).agreement;
    expect(recorded.signatures.find((s: { party: string }) => s.party === 'enterprise')).toEqual({
      party: 'enterprise',
      by: bureau,
      at: expect.any(String),
      termsHash: recorded.termsHash,
    });
    expect(
      recorded.audit.filter((entry: { action: string }) => entry.action === 'sign').at(-1),
    ).toMatchObject({
      action: 'sign',
      actor: bureau,
    });

    const [email] = await api.waitForEmails(parties.demand.contactEmail, (e) =>
      e.subject.includes('代您记录'),
    );
    expect(email?.subject).toContain('签署');
    expect(email?.subject).toContain('Recorded on your behalf by the bureau: your signature of');
    expect(email?.text).toContain(paperSignature);
    expect(email?.text).toContain(`#/agreements/${enc(agreementId)}`);
  });
});

describe("the enterprise's confirmation of a report", () => {
  let reportId: string;
  const taskId = () => `confirm-report.${reportId}`;

  beforeAll(async () => {
    await lifecycle.complete(admin, `countersign-agreement.${agreementId}`, 'countersign');
    const active = await api.readUntil(
      admin,
      `/agreements/${enc(agreementId)}`,
      (body) => body.agreement.state === 'active' && body.agreement.reportPeriods.length > 0,
    );
    const first = active.agreement.reportPeriods[0];
    reportId = first.id;
    await api.advanceTo(first.start, '08:00');
    await api.waitForTask(admin, `submit-report.${reportId}`);
    const submitted = await api.request('POST', `/reports/${enc(reportId)}/versions`, {
      token: parties.commissioner.token,
      body: {
        counts: outcomeCounts({ technicalProblemsSolved: 1 }),
        narrative: '完成一项加工精度诊断。',
        evidence: [],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    await api.waitForTask(admin, taskId());
  });

  it('refuses the bureau confirming for the enterprise without acting on its behalf, and changes nothing', async () => {
    const before = await report(reportId);
    const refused = await complete(admin, taskId(), { decision: 'confirm' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('on their behalf');
    const after = await report(reportId);
    expect(after.state).toBe('submitted');
    expect(after.audit).toEqual(before.audit);
    expect((await task(taskId())).status).toBe('open');
  });

  it('answers 400 naming onBehalfOf.reason for a short reason', async () => {
    const refused = await complete(admin, taskId(), { decision: 'confirm', onBehalfOf: { reason: 'paper' } });
    expect(refused.status).toBe(400);
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['onBehalfOf.reason']);
  });

  it('records the confirmation on the enterprise behalf, with the version, the audit trail and an email', async () => {
    const confirmed = await complete(admin, taskId(), {
      decision: 'confirm',
      onBehalfOf: { reason: paperConfirmation },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const recorded = (
      await api.readUntil(admin, `/reports/${enc(reportId)}`, (body) => body.report.state === 'confirmed')
    ).report;
    const bureau = {
      sub: expect.any(String),
      email: 'admin@kjj.example.gov.cn',
      role: 'admin',
      onBehalfOf: {
        role: 'enterprise',
        organization: parties.demand.organization,
        email: parties.demand.contactEmail,
        reason: paperConfirmation,
      },
    };
    expect(recorded.versions[0].confirmation).toEqual({
      decision: 'confirm',
      by: bureau,
      at: expect.any(String),
    });
    expect(recorded.audit.at(-1)).toMatchObject({
      action: 'confirm',
      from: 'submitted',
      to: 'confirmed',
      actor: bureau,
    });

    const [email] = await api.waitForEmails(parties.demand.contactEmail, (e) =>
      e.subject.includes('代您记录确认'),
    );
    expect(email?.subject).toContain('your confirmation of');
    expect(email?.text).toContain(paperConfirmation);
    expect(email?.text).toContain(`#/reports/${enc(reportId)}`);
  });
});

describe("the enterprise's acceptance of a dispatch", () => {
  it('is refused to the bureau as itself, and recorded on the enterprise behalf with an email to it', async () => {
    const demand = await lifecycle.verifiedDemand();
    const dispatchId = await lifecycle.propose(demand.id, parties.commissioner.sub);
    const taskId = `accept-dispatch-enterprise.${dispatchId}`;
    await api.waitForTask(admin, taskId);
    const refused = await complete(admin, taskId, { decision: 'accept' });
    expect(refused.status).toBe(403);
    expect((await task(taskId)).status).toBe('open');

    const reason = '企业负责人已在纸质选派确认书上签字同意，原件存科技局。';
    expect((await complete(admin, taskId, { decision: 'accept', onBehalfOf: { reason } })).status).toBe(200);
    const recorded = await api.readUntil(
      admin,
      `/dispatches/${enc(dispatchId)}`,
      (body) => body.dispatch.acceptances.enterprise !== undefined,
    );
    expect(recorded.dispatch.acceptances.enterprise.by).toMatchObject({
      role: 'admin',
      onBehalfOf: { role: 'enterprise', organization: demand.organization, reason },
    });
    const [email] = await api.waitForEmails(demand.contactEmail, (e) => e.subject.includes('代您记录接受'));
    expect(email?.text).toContain(reason);
  });
});
