import { afterAll, expect, it } from 'vitest';
import { ApiClient, applicationForm } from '#test/support/apiClient.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

let runtime: RuntimeProcess | undefined;

afterAll(async () => {
  await runtime?.stop();
});

it('keeps a pending review across a killed process, and finishes it after the restart', async () => {
  const dataDir = await freshDataDir();
  runtime = await startRuntimeProcess(dataDir);
  let api = new ApiClient(runtime.url);
  const applicantToken = await api.signIn('restart@example.edu.cn', 'commissioner');
  const office = await api.signIn('office@restart.edu.cn', 'institution', '重启大学');
  const submitted = await api.request('POST', '/applications', {
    token: applicantToken,
    body: applicationForm({ email: 'restart@example.edu.cn', homeInstitution: '重启大学' }),
  });
  const id = submitted.body.application.id as string;
  await api.request('POST', `/tasks/endorse-application.${id}/complete`, {
    token: office,
    body: { decision: 'endorse' },
  });

  await runtime.kill();
  runtime = await startRuntimeProcess(dataDir);
  api = new ApiClient(runtime.url);

  const admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  const tasks = await api.request('GET', '/tasks', { token: admin });
  expect(tasks.body.items.map((t: { id: string }) => t.id)).toContain(`review-application.${id}`);
  const completed = await api.request('POST', `/tasks/review-application.${id}/complete`, {
    token: admin,
    body: { decision: 'approve' },
  });
  expect(completed.status).toBe(200);
  const application = (await api.request('GET', `/applications/${id}`, { token: applicantToken })).body
    .application;
  expect(application.state).toBe('approved');
  const executions = (await api.request('GET', '/local/executions')).body.items;
  expect(executions.find((e: { name: string }) => e.name === id)?.status).toBe('SUCCEEDED');
});
