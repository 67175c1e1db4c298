import { afterAll, expect, it } from 'vitest';
import { outcomeCategories } from '#shared/outcomes.ts';
import {
  ApiClient,
  type ApiResponse,
  addDays,
  applicationForm,
  demandForm,
  outcomeCounts,
} from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import {
  freshDataDir,
  killAndRestart,
  type RuntimeProcess,
  startRuntimeProcess,
} from '#test/support/runtimeProcess.ts';

/*
 * A scripted lifecycle (application → dispatch → agreement → an accepted report) during
 * which the embedded runtime is killed with SIGKILL at ten points, each time right after a
 * step was accepted, while its workflow is still moving, and restarted over the same data.
 * Every execution must resume and finish, no email may go out twice, and no record may be
 * lost or written twice.
 */

let runtime: RuntimeProcess | undefined;
let api: ApiClient;
let dataDir: string;
let kills = 0;

afterAll(async () => {
  await runtime?.stop();
});

async function killAndRestartRuntime(): Promise<void> {
  if (!runtime) throw new Error('No runtime to kill');
  kills += 1;
  runtime = await killAndRestart(runtime);
  api = new ApiClient(runtime.url);
}

it('resumes every execution after ten kills, sending no email twice and losing or doubling no record', async () => {
  dataDir = await freshDataDir();
  runtime = await startRuntimeProcess(dataDir);
  api = new ApiClient(runtime.url);
  const admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  const commissioner = await api.signIn('crash@example.edu.cn', 'commissioner');
  const office = await api.signIn('office@crash.edu.cn', 'institution', '恢复大学');
  const enterprise = await api.signIn('boss@crash.example.com', 'enterprise', '恢复科技有限公司');

  /** Completes a task once it is open (the workflow may still be catching up after a restart). */
  const complete = async (token: string, taskId: string, decision: string): Promise<ApiResponse> => {
    await api.waitForTask(admin, taskId);
    const response = await api.request('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, {
      token,
      body: { decision },
    });
    expect(response.status, `${taskId}: ${JSON.stringify(response.body)}`).toBe(200);
    return response;
  };

  // 1. The application, killed as soon as it is accepted.
  const submitted = await api.request('POST', '/applications', {
    token: commissioner,
    headers: { 'idempotency-key': 'crash-application' },
    body: applicationForm({
      name: '恢复专家',
      email: 'crash@example.edu.cn',
      homeInstitution: '恢复大学',
      researchOfficeEmail: 'office@crash.edu.cn',
      technicalFields: ['智能制造'],
      serviceAreas: ['余杭区'],
    }),
  });
  expect(submitted.status).toBe(201);
  const applicationId = submitted.body.application.id as string;
  const commissionerId = submitted.body.application.applicant.sub as string;
  await killAndRestartRuntime();
  // The same submission again after the crash is the same record, not a second one.
  const repeated = await api.request('POST', '/applications', {
    token: commissioner,
    headers: { 'idempotency-key': 'crash-application' },
    body: submitted.body.application.revisions[0].form,
  });
  expect(repeated.body.application?.id).toBe(applicationId);

  await complete(office, `endorse-application.${applicationId}`, 'endorse');
  await killAndRestartRuntime(); // 2
  await complete(admin, `review-application.${applicationId}`, 'approve');
  await killAndRestartRuntime(); // 3
  await api.readUntil(
    admin,
    `/applications/${applicationId}`,
    (body) => body.application.state === 'approved',
  );

  const posted = await api.request('POST', '/demands', {
    token: enterprise,
    body: demandForm('恢复科技有限公司', {
      technicalFields: ['智能制造'],
      contactEmail: 'boss@crash.example.com',
    }),
  });
  expect(posted.status).toBe(201);
  const demandId = posted.body.demand.id as string;
  await killAndRestartRuntime(); // 4
  await complete(admin, `verify-demand.${demandId}`, 'verify');

  await eventually(
    'the verified demand',
    () => api.request('GET', `/demands/${demandId}`, { token: admin }),
    (response) => response.body.demand?.state === 'verified',
  );
  const proposed = await api.request('POST', '/dispatches', {
    token: admin,
    body: { demandId, commissionerId },
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const dispatchId = proposed.body.dispatch.id as string;
  await killAndRestartRuntime(); // 5
  await complete(commissioner, `accept-dispatch-commissioner.${dispatchId}`, 'accept');
  await complete(enterprise, `accept-dispatch-enterprise.${dispatchId}`, 'accept');
  await eventually(
    'the public notice',
    () => api.request('GET', `/dispatches/${encodeURIComponent(dispatchId)}`, { token: admin }),
    (response) => response.body.dispatch?.state === 'in_notice',
  );
  await api.advanceClock(6 * 24 * 3600);
  await killAndRestartRuntime(); // 6
  await eventually(
    'the dispatch',
    () => api.request('GET', `/dispatches/${encodeURIComponent(dispatchId)}`, { token: admin }),
    (response) => response.body.dispatch?.state === 'dispatched',
  );

  const termStart = addDays(await api.clockDay(), 3);
  const goals = outcomeCounts(Object.fromEntries(outcomeCategories.map((category) => [category, 1])));

  const drafted = await api.request('POST', '/agreements', {
    token: admin,
    body: { dispatchId, termStart, termEnd: addDays(termStart, 364), goals },
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const agreementId = drafted.body.agreement.id as string;
  await complete(commissioner, `sign-agreement-commissioner.${agreementId}`, 'sign');
  await complete(office, `sign-agreement-institution.${agreementId}`, 'sign');
  await killAndRestartRuntime(); // 7
  await complete(enterprise, `sign-agreement-enterprise.${agreementId}`, 'sign');
  await complete(admin, `countersign-agreement.${agreementId}`, 'countersign');
  await killAndRestartRuntime(); // 8
  const agreement = await eventually(
    'the four report periods',
    () => api.request('GET', `/agreements/${encodeURIComponent(agreementId)}`, { token: admin }),
    (response) => response.body.agreement?.reportPeriods?.length === 4,
  );
  expect(agreement.body.agreement.state).toBe('active');

  await api.advanceClock(4 * 24 * 3600);
  const reportId = `${agreementId}.period-1`;
  await killAndRestartRuntime(); // 9
  await eventually(
    'the opened report period',
    () => api.request('GET', `/tasks/${encodeURIComponent(`submit-report.${reportId}`)}`, { token: admin }),
    (response) => response.body.task?.status === 'open',
  );
  const report = await api.request('POST', `/reports/${encodeURIComponent(reportId)}/versions`, {
    token: commissioner,
    body: { counts: goals, narrative: '本期工作。', evidence: [] },
  });
  expect(report.status, JSON.stringify(report.body)).toBe(202);
  await complete(enterprise, `confirm-report.${reportId}`, 'confirm');
  await complete(admin, `review-report.${reportId}`, 'accept');
  await killAndRestartRuntime(); // 10
  expect(kills).toBe(10);

  // Every execution finished, except the periods not yet open.
  const accepted = await eventually(
    'the accepted report',
    () => api.request('GET', `/reports/${encodeURIComponent(reportId)}`, { token: admin }),
    (response) => response.body.report?.state === 'accepted',
  );
  // The report's workflow may still be sending its last email when the report reads accepted.
  const executions = (
    await eventually(
      'every execution finished',
      () => api.request('GET', '/local/executions'),
      (response) =>
        (response.body.items as { status: string }[]).every((execution) => execution.status === 'SUCCEEDED'),
    )
  ).body.items as { name: string; stateMachineArn: string }[];
  // The lifecycle's own executions: each morning the clock passed also ran the daily reminders.
  const lifecycle = executions.filter(
    (execution) => !execution.stateMachineArn.includes(':DailyReminderWorkflow'),
  );
  expect(lifecycle.map((execution) => execution.name)).toHaveLength(5);

  // No record lost or doubled: one of each, each step in its audit trail once.
  const applications = (await api.request('GET', '/applications', { token: admin })).body.items;
  expect(applications.map((a: { id: string; state: string }) => [a.id, a.state])).toEqual([
    [applicationId, 'approved'],
  ]);
  expect((await api.request('GET', '/demands', { token: admin })).body.items).toHaveLength(1);
  expect((await api.request('GET', '/agreements', { token: admin })).body.items).toHaveLength(1);
  for (const audit of [
    (await api.request('GET', `/applications/${applicationId}`, { token: admin })).body.application.audit,
    (await api.request('GET', `/agreements/${encodeURIComponent(agreementId)}`, { token: admin })).body
      .agreement.audit,
    accepted.body.report.audit,
  ] as { eventId: string }[][]) {
    expect(new Set(audit.map((entry) => entry.eventId)).size).toBe(audit.length);
  }
  expect(accepted.body.report.versions).toHaveLength(1);

  // No email twice: every message (recipients, subject and text) appears once.
  const outbox = (await api.request('GET', '/local/outbox')).body.items as {
    to: string[];
    subject: string;
    text: string;
  }[];
  const messages = outbox.map((email) => JSON.stringify([[...email.to].sort(), email.subject, email.text]));
  expect(messages.length).toBeGreaterThan(15);
  expect(messages.filter((message, index) => messages.indexOf(message) !== index)).toEqual([]);
}, 900_000);

it('starts the missing execution when a submission is replayed after a crash between its write and its start', async () => {
  await runtime?.stop();
  dataDir = await freshDataDir();
  runtime = await startRuntimeProcess(dataDir);
  api = new ApiClient(runtime.url);
  const applicant = await api.signIn('half@example.edu.cn', 'commissioner');
  const office = await api.signIn('office@half.edu.cn', 'institution', '半途大学');
  const form = applicationForm({
    email: 'half@example.edu.cn',
    homeInstitution: '半途大学',
    researchOfficeEmail: 'office@half.edu.cn',
  });
  const headers = { 'idempotency-key': 'crash-before-start' };

  // The runtime dies once the record is written, before StartExecution reaches the engine.
  const armed = await api.request('POST', '/local/faults', {
    body: { crashBeforeStartOf: 'ApplicationWorkflow' },
  });
  expect(armed.status).toBe(200);
  await expect(
    api.request('POST', '/applications', { token: applicant, body: form, headers }),
  ).rejects.toThrow();
  runtime = await killAndRestart(runtime);
  api = new ApiClient(runtime.url);

  const before = (await api.request('GET', '/applications', { token: applicant })).body.items as {
    id: string;
  }[];
  expect(before).toHaveLength(1);
  expect((await api.request('GET', '/local/executions')).body.items).toEqual([]);

  const replayed = await api.request('POST', '/applications', { token: applicant, body: form, headers });
  expect(replayed.status, JSON.stringify(replayed.body)).toBe(200);
  const id = replayed.body.application.id as string;
  expect(id).toBe(before[0]?.id);

  // The workflow moves: the research office gets its endorsement task, and takes it.
  await api.waitForTask(office, `endorse-application.${id}`);
  const endorsed = await api.request(
    'POST',
    `/tasks/${encodeURIComponent(`endorse-application.${id}`)}/complete`,
    {
      token: office,
      body: { decision: 'endorse' },
    },
  );
  expect(endorsed.status, JSON.stringify(endorsed.body)).toBe(200);
  await api.readUntil(applicant, `/applications/${id}`, (body) => body.application.state === 'under_review');

  // A second replay changes nothing: still one record and one execution.
  const again = await api.request('POST', '/applications', { token: applicant, body: form, headers });
  expect(again.status).toBe(200);
  expect((await api.request('GET', '/applications', { token: applicant })).body.items).toHaveLength(1);
  const executions = (await api.request('GET', '/local/executions')).body.items as { name: string }[];
  expect(executions.map((execution) => execution.name)).toEqual([id]);
}, 600_000);
