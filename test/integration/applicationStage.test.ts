import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationsPerDay } from '#shared/application/applicationService.ts';
import { maxRevisions } from '#shared/records/revisions.ts';
import { ApiClient, applicationForm, days } from '#test/support/apiClient.ts';
import { longestEmail, maximalApplicationForm, textOf } from '#test/support/maximalForms.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * The application stage where it needs the embedded runtime; the rest runs in
 * `application.deployable.test.ts`, against a deployed stack too. These stay because they read
 * the email outbox, advance the clock (reminders, escalation, expiry, retry back-off), inject
 * faults, count executions, or need people the fixed test users are not: another commissioner,
 * another institution's research office, an institution whose name is 100 characters long.
 */

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
});

afterAll(async () => {
  await runtime?.stop();
});

let people = 0;
/** A fresh applicant and research office, so tests do not see each other's tasks. */
async function newApplicant() {
  people += 1;
  const email = `expert${people}@example.edu.cn`;
  const institution = `测试大学${people}`;
  const officeEmail = `office${people}@example.edu.cn`;
  return {
    email,
    institution,
    officeEmail,
    token: await api.signIn(email, 'commissioner'),
    office: await api.signIn(officeEmail, 'institution', institution),
    form: applicationForm({ email, homeInstitution: institution, researchOfficeEmail: officeEmail }),
  };
}

async function submit(applicant: Awaited<ReturnType<typeof newApplicant>>) {
  const { status, body } = await api.request('POST', '/applications', {
    token: applicant.token,
    body: applicant.form,
  });
  expect(status).toBe(201);
  return body.application.id as string;
}

/** Posts a completion at once: for a task already completed, withdrawn or never opened. */
const attempt = (token: string, taskId: string, decision: string, reason?: string) =>
  api.request('POST', `/tasks/${taskId}/complete`, {
    token,
    body: { decision, ...(reason ? { reason } : {}) },
  });

/** Completes the task once the workflow has opened it (waiting as the bureau, who sees every task). */
const complete = async (token: string, taskId: string, decision: string, reason?: string) => {
  await api.waitForTask(admin, taskId);
  return attempt(token, taskId, decision, reason);
};

/** The application once the workflow has recorded `state`. */
const applicationIn = async (token: string, id: string, state: string) =>
  (await api.readUntil(token, `/applications/${id}`, (body) => body.application.state === state)).application;

describe('the application stage through HTTP', () => {
  it('emails the applicant the decision: the approval, and a rejection with its reason', async () => {
    const decided = async (decision: string, reason?: string) => {
      const applicant = await newApplicant();
      const id = await submit(applicant);
      expect((await complete(applicant.office, `endorse-application.${id}`, 'endorse')).status).toBe(200);
      expect((await complete(admin, `review-application.${id}`, decision, reason)).status).toBe(200);
      return applicant;
    };
    const approved = await decided('approve');
    await api.waitForEmails(
      approved.email,
      (e) => e.subject === '您的科技特派员申请已通过审核 / Your commissioner application was approved',
    );
    expect((await api.outboxTo(approved.officeEmail)).length).toBe(1);

    const rejected = await decided('reject', '技术领域与本区产业不符');
    await api.waitForEmails(rejected.email, (e) => e.text.includes('技术领域与本区产业不符'));
  });

  it(`takes a maximal Chinese form resubmitted up to ${maxRevisions} revisions, reads each back, and refuses one more with 409`, async () => {
    people += 1;
    const institution = textOf(100, `测试大学${people}`);
    const token = await api.signIn(`expert${people}@example.edu.cn`, 'commissioner');
    const office = await api.signIn(`office${people}@example.edu.cn`, 'institution', institution);
    const parts = {
      email: longestEmail(`expert${people}`),
      homeInstitution: institution,
      researchOfficeEmail: longestEmail(`office${people}`),
    };
    // Each revision about 10 KB in UTF-8: all of them inline would pass DynamoDB's 400 KB.
    const forms = Array.from({ length: maxRevisions }, (_, index) =>
      maximalApplicationForm(`第${index + 1}版：`, parts),
    );
    const submitted = await api.request('POST', '/applications', { token, body: forms[0] });
    expect(submitted.status).toBe(201);
    const id = submitted.body.application.id as string;

    const returnIt = async (round: number) => {
      expect((await complete(office, `endorse-application.${id}`, 'endorse')).status).toBe(200);
      const returned = await complete(admin, `review-application.${id}`, 'return', `第${round}次退回`);
      expect(returned.status).toBe(200);
      await api.waitForTask(admin, `resubmit-application.${id}`);
    };
    for (let revision = 2; revision <= maxRevisions; revision += 1) {
      await returnIt(revision - 1);
      const put = await api.request('PUT', `/applications/${id}`, {
        token,
        body: { form: forms[revision - 1], baseRevision: revision - 1 },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(202);
    }

    const read = (
      await api.readUntil(token, `/applications/${id}`, (body) => body.application.revision === maxRevisions)
    ).application;
    expect(read).toMatchObject({ state: 'awaiting_endorsement', revision: maxRevisions });
    expect(read.form).toEqual(forms.at(-1));
    expect(read.revisions.map((r: { revision: number }) => r.revision)).toEqual(
      forms.map((_, index) => index + 1),
    );
    expect(read.revisions.map((r: { form: unknown }) => r.form)).toEqual(forms);

    await returnIt(maxRevisions);
    const beyond = await api.request('PUT', `/applications/${id}`, {
      token,
      body: { form: forms[0], baseRevision: maxRevisions },
    });
    expect(beyond.status).toBe(409);
    expect(beyond.body.message).toBe(
      `The application has reached the limit of ${maxRevisions} revisions; it cannot be resubmitted again`,
    );
  }, 480_000);

  it('sends email in the language its recipient chose, and in both to one who has not chosen', async () => {
    // Arrange: the research office reads in English; the applicant has not said.
    const applicant = await newApplicant();
    const chosen = await api.request('PUT', '/me/language', {
      token: applicant.office,
      body: { language: 'en' },
    });
    const unknown = await api.request('PUT', '/me/language', {
      token: applicant.office,
      body: { language: 'fr' },
    });

    // Act
    const id = await submit(applicant);
    const [request] = await api.waitForEmails(applicant.officeEmail);
    await api.request('PUT', '/me/language', { token: applicant.office, body: { language: 'zh-CN' } });
    await api.advanceClock(days(15));
    const [reminder] = await api.waitForEmails(applicant.officeEmail, (email) =>
      email.subject.startsWith('提醒'),
    );
    expect(
      (await complete(applicant.office, `endorse-application.${id}`, 'decline', '本单位暂不推荐。')).status,
    ).toBe(200);
    const [declined] = await api.waitForEmails(applicant.email);

    // Assert
    expect(chosen).toMatchObject({ status: 200, body: { language: 'en' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'language', code: 'notOneOf' })]);
    expect(request?.subject).toBe('Please endorse the commissioner application of 李伟');
    expect(request?.text).toContain('To the research office of');
    expect(request?.text).not.toContain('科研管理部门');
    expect(request?.html).toContain('<html lang="en">');
    expect(reminder?.subject).toBe('提醒：李伟的申请仍待推荐');
    expect(reminder?.text).not.toContain('Reminder');
    expect(declined?.subject).toBe(
      '您的科技特派员申请未获单位推荐 / Your commissioner application was not endorsed',
    );
  });

  it('reminds the institution when the endorsement is late, then escalates to the bureau, who may endorse on its behalf', async () => {
    const applicant = await newApplicant();
    const id = await submit(applicant);
    const taskId = `endorse-application.${id}`;

    await api.advanceClock(days(15));
    const officeEmails = await api.outboxTo(applicant.officeEmail);
    expect(officeEmails.map((e) => e.subject)).toEqual([
      `提醒：李伟的申请仍待推荐 / Reminder: the application of 李伟 awaits your endorsement`,
      `请为李伟的科技特派员申请出具推荐意见 / Please endorse the commissioner application of 李伟`,
    ]);
    const reminded = (await api.request('GET', `/tasks/${taskId}`, { token: applicant.office })).body.task;
    expect(reminded).toMatchObject({ status: 'open', reminders: 1, escalated: false });

    await api.advanceClock(days(15));
    const escalated = (await api.request('GET', `/tasks/${taskId}`, { token: admin })).body.task;
    expect(escalated).toMatchObject({ status: 'open', escalated: true });
    const bureauEmails = await api.outboxTo('bureau@commissioner.local');
    expect(
      bureauEmails.some((e) => e.subject.startsWith(`督办：${applicant.institution}尚未推荐李伟的申请`)),
    ).toBe(true);

    // The endorsement is the research office's act: the bureau records it only on the office's behalf.
    expect((await complete(admin, taskId, 'endorse')).status).toBe(403);
    const onBehalfOf = { reason: '研究院科研处已书面推荐，推荐函扫描件已存档。' };
    const onBehalf = await api.request('POST', `/tasks/${taskId}/complete`, {
      token: admin,
      body: { decision: 'endorse', onBehalfOf },
    });
    expect(onBehalf.status, JSON.stringify(onBehalf.body)).toBe(200);
    // The audit trail is the bureau's to read.
    const endorsed = await applicationIn(admin, id, 'under_review');
    expect(endorsed.audit[1].actor).toMatchObject({
      role: 'admin',
      onBehalfOf: { role: 'institution', organization: applicant.institution, ...onBehalfOf },
    });
    const [told] = await api.waitForEmails(applicant.officeEmail, (e) => e.subject.includes('代您记录推荐'));
    expect(told?.text).toContain(onBehalfOf.reason);
  });

  it('expires an application nobody endorses, and tells the applicant', async () => {
    const applicant = await newApplicant();
    const id = await submit(applicant);
    await api.advanceClock(days(15));
    await api.advanceClock(days(15));
    await api.advanceClock(days(31));
    await applicationIn(applicant.token, id, 'expired');
    await api.waitForEmails(
      applicant.email,
      (e) => e.subject === '您的科技特派员申请已过期 / Your commissioner application has expired',
    );
    const late = await attempt(applicant.office, `endorse-application.${id}`, 'endorse');
    expect(late.status).toBe(409);
  });

  it('retries a step failing transiently, then catches it into a failed state an admin retries to completion', async () => {
    const applicant = await newApplicant();
    const id = await submit(applicant);
    const endorsed = await complete(applicant.office, `endorse-application.${id}`, 'endorse');
    expect(endorsed.status, JSON.stringify(endorsed.body)).toBe(200);
    const fault = await api.request('POST', '/local/faults', {
      body: { state: 'Record the review decision', times: 4, error: 'Lambda.ServiceException' },
    });
    expect(fault.status).toBe(200);

    expect((await complete(admin, `review-application.${id}`, 'approve')).status).toBe(200);
    // The retries back off 2, 4 and 8 seconds on the system's clock.
    for (let i = 0; i < 3; i++) await api.advanceClock(10);
    const failed = await applicationIn(admin, id, 'failed');
    expect(failed.failure).toMatchObject({ state: 'under_review', error: 'Lambda.ServiceException' });
    const retryTask = await api.waitForTask(admin, `retry-application.${id}`);
    expect(retryTask).toMatchObject({ status: 'open', decisions: ['retry'] });

    expect((await complete(admin, `retry-application.${id}`, 'retry')).status).toBe(200);
    const recovered = await applicationIn(admin, id, 'approved');
    expect(recovered.failure).toBeUndefined();
  });

  it('recovers by itself when a step fails transiently fewer times than it is retried', async () => {
    const applicant = await newApplicant();
    const id = await submit(applicant);
    await api.request('POST', '/local/faults', {
      body: { state: 'Record the endorsement decision', times: 2, error: 'Lambda.TooManyRequestsException' },
    });
    await complete(applicant.office, `endorse-application.${id}`, 'endorse');
    for (let i = 0; i < 2; i++) await api.advanceClock(10);
    await applicationIn(applicant.token, id, 'under_review');
  });

  it('does not retry a step failing with an error that is not transient: the bureau is asked at once', async () => {
    const applicant = await newApplicant();
    const id = await submit(applicant);
    await api.request('POST', '/local/faults', {
      body: { state: 'Record the endorsement decision', times: 1, error: 'ConflictError' },
    });
    await complete(applicant.office, `endorse-application.${id}`, 'endorse');
    // Time enough for every retry: a retried step would have recorded the endorsement by now.
    for (let i = 0; i < 3; i++) await api.advanceClock(10);
    const failed = await applicationIn(admin, id, 'failed');
    expect(failed.failure).toMatchObject({ state: 'awaiting_endorsement', error: 'ConflictError' });
    await api.waitForTask(admin, `retry-application.${id}`);
  });
});

describe('bad input, wrong callers and repeated steps', () => {
  it("answers 403 to another commissioner and to another institution's research office", async () => {
    const applicant = await newApplicant();
    const id = await submit(applicant);
    const stranger = await api.signIn('stranger@example.edu.cn', 'commissioner');
    expect((await api.request('GET', `/applications/${id}`, { token: stranger })).status).toBe(403);
    const otherOffice = await api.signIn('office@other.edu.cn', 'institution', '别的大学');
    expect((await complete(otherOffice, `endorse-application.${id}`, 'endorse')).status).toBe(403);
  });

  it('makes one record and one workflow of 20 simultaneous submissions with the same Idempotency-Key', async () => {
    const applicant = await newApplicant();
    const headers = { 'idempotency-key': 'double-click' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.request('POST', '/applications', { token: applicant.token, body: applicant.form, headers }),
      ),
    );
    expect(results.map((r) => r.status).sort((a, b) => a - b)).toEqual([
      ...Array.from({ length: 19 }, () => 200),
      201,
    ]);
    expect(new Set(results.map((r) => r.body.application.id)).size).toBe(1);
    expect((await api.request('GET', '/applications', { token: applicant.token })).body.items).toHaveLength(
      1,
    );
    const executions = (await api.request('GET', '/local/executions')).body.items as { name: string }[];
    expect(executions.filter((execution) => execution.name === results[0]?.body.application.id)).toHaveLength(
      1,
    );
  });

  it(`takes ${applicationsPerDay.perDay} applications from one person in a day, refuses the next with 429 and keeps nothing of it`, async () => {
    const applicant = await newApplicant();
    const post = (key: string) =>
      api.request('POST', '/applications', {
        token: applicant.token,
        body: applicant.form,
        headers: { 'idempotency-key': key },
      });
    const statuses: number[] = [];
    for (let batch = 0; batch < applicationsPerDay.perDay; batch += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, index) => post(`day-one-${batch + index}`)),
      );
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses).toEqual(Array.from({ length: applicationsPerDay.perDay }, () => 201));

    const refused = await post('one-too-many');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: 'TooManyRequests',
      message: `You may submit applications at most ${applicationsPerDay.perDay} times a day; try again tomorrow (China time)`,
    });
    // A replay of one already taken costs nothing, and answers as before.
    expect((await post('day-one-0')).status).toBe(200);
    const mine = await api.request('GET', '/applications?limit=100', { token: applicant.token });
    expect(mine.body.items).toHaveLength(applicationsPerDay.perDay);

    await api.advanceClock(days(1));
    expect((await post('day-two-0')).status).toBe(201);
  });
});
