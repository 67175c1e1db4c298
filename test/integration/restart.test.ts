import {
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, expect, it } from 'vitest';
import { ApiClient, applicationForm } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import {
  freshDataDir,
  killAndRestart,
  type RuntimeProcess,
  startRuntimeProcess,
} from '#test/support/runtimeProcess.ts';

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
  await api.waitForTask(office, `endorse-application.${id}`);
  await api.request('POST', `/tasks/endorse-application.${id}/complete`, {
    token: office,
    body: { decision: 'endorse' },
  });

  runtime = await killAndRestart(runtime);
  api = new ApiClient(runtime.url);

  const admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  // The endorsement was answered before the kill, maybe before the workflow moved on: the restart resumes it.
  await api.waitForTask(admin, `review-application.${id}`);
  const completed = await api.request('POST', `/tasks/review-application.${id}/complete`, {
    token: admin,
    body: { decision: 'approve' },
  });
  expect(completed.status).toBe(200);
  await api.readUntil(applicantToken, `/applications/${id}`, (body) => body.application.state === 'approved');
  await eventually(
    'the execution succeeded',
    async () =>
      (await api.request('GET', '/local/executions')).body.items as { name: string; status: string }[],
    (executions) => executions.find((e) => e.name === id)?.status === 'SUCCEEDED',
  );

  // The restart reused what the first start built, and says where each local service is.
  expect(runtime.startupOutput).toContain('Template reused from the cache; console reused from the cache');
  expect(runtime.startupOutput).toContain(`AWS_ENDPOINT_URL_SFN=${runtime.endpoints.stepFunctions}`);
  expect(runtime.startupOutput).toContain(`AWS_ENDPOINT_URL_DYNAMODB=${runtime.endpoints.dynamodb}`);
  expect(runtime.startupOutput).toMatch(/OIDC issuer +http:\/\/\S+/);
  // The AWS SDK, pointed at the printed endpoint, sees the state machines and the ended execution's history.
  const sfn = new SFNClient({
    endpoint: runtime.endpoints.stepFunctions,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
  expect(stateMachines.length).toBeGreaterThan(0);
  const described = await sfn.send(
    new DescribeStateMachineCommand({ stateMachineArn: stateMachines[0]?.stateMachineArn }),
  );
  expect(described).toMatchObject({ status: 'ACTIVE', type: 'STANDARD', name: stateMachines[0]?.name });
  const ended = [];
  for (const { stateMachineArn } of stateMachines) {
    const { executions = [] } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }),
    );
    ended.push(...executions.filter((execution) => execution.name === id));
  }
  expect(ended).toHaveLength(1);
  const { events = [] } = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn: ended[0]?.executionArn }),
  );
  expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  sfn.destroy();
  // Two start-ups of the runtime (each about 15 s on two idle cores, far more on a loaded machine).
}, 300_000);
