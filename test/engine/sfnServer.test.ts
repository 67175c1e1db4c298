import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '#local/engine/asl.ts';
import type { LocalStepFunctions } from '#local/engine/engine.ts';
import { type SfnServer, startSfnServer } from '#local/engine/sfnServer.ts';
import { createEngine, FakeClock, LambdaRecorder, rejectionOf, tokenTask } from './engineFixtures.ts';

const MACHINE_ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Approval';

const APPROVAL: StateMachineDefinition = {
  StartAt: 'Await',
  States: {
    Await: tokenTask('arn:aws-cn:lambda:cn-north-1:123456789012:function:ask', {
      Resource: 'arn:aws-cn:states:::lambda:invoke.waitForTaskToken',
      TimeoutSeconds: 600,
      ResultPath: '$.answer',
      End: true,
    }),
  },
};

describe('the Step Functions HTTP server', () => {
  let clock: FakeClock;
  let lambda: LambdaRecorder;
  let engine: LocalStepFunctions;
  let server: SfnServer;
  let client: SFNClient;

  beforeEach(async () => {
    clock = new FakeClock();
    lambda = new LambdaRecorder();
    engine = createEngine({ clock, lambda });
    engine.registerStateMachine({ stateMachineArn: MACHINE_ARN, name: 'Approval', definition: APPROVAL });
    server = await startSfnServer(engine);
    client = new SFNClient({
      endpoint: server.url,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
    await engine.close();
  });

  it('serves StartExecution, DescribeExecution and SendTaskSuccess to the unchanged AWS SDK', async () => {
    // Arrange
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE_ARN, name: 'case-1', input: '{"id":1}' }),
    );
    const running = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    // Act
    await client.send(
      new SendTaskSuccessCommand({ taskToken: lambda.tokenOf('Await'), output: '{"ok":true}' }),
    );
    const finished = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    // Assert
    expect(started.executionArn).toBe('arn:aws-cn:states:cn-north-1:123456789012:execution:Approval:case-1');
    expect(started.startDate).toEqual(clock.now());
    expect(running.status).toBe('RUNNING');
    expect(finished).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"id":1,"answer":{"ok":true}}',
      name: 'case-1',
    });
    expect(finished.stopDate).toBeInstanceOf(Date);
  });

  it('returns the history with dates the SDK parses', async () => {
    // Arrange
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN }));
    await client.send(
      new SendTaskFailureCommand({ taskToken: lambda.tokenOf('Await'), error: 'No', cause: 'why' }),
    );

    // Act
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));

    // Assert
    expect(history.events?.at(-1)).toMatchObject({
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'No', cause: 'why' },
    });
    expect(history.events?.[0]?.timestamp).toEqual(clock.now());
  });

  it('gives the SDK a TaskTimedOut exception for a timed-out token', async () => {
    // Arrange
    await client.send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN }));
    clock.advanceSeconds(600);
    await engine.fireDueTimers();

    // Act
    const error = await rejectionOf(
      client.send(new SendTaskSuccessCommand({ taskToken: lambda.tokenOf('Await'), output: '{}' })),
    );

    // Assert
    expect(error).toBeInstanceOf(TaskTimedOut);
    expect(error.name).toBe('TaskTimedOut');
  });

  it('speaks the AWS JSON 1.0 error format and accepts PascalCase members', async () => {
    // Arrange
    const post = (target: string, body: unknown) =>
      fetch(server.url, {
        method: 'POST',
        headers: {
          'X-Amz-Target': `AWSStepFunctions.${target}`,
          'Content-Type': 'application/x-amz-json-1.0',
        },
        body: JSON.stringify(body),
      });

    // Act
    const started = await post('StartExecution', { StateMachineArn: MACHINE_ARN, Name: 'pascal' });
    const missing = await post('DescribeExecution', { ExecutionArn: `${MACHINE_ARN}:nope` });
    const unknown = await post('CreateActivity', {});

    // Assert
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({
      executionArn: 'arn:aws-cn:states:cn-north-1:123456789012:execution:Approval:pascal',
      startDate: clock.now().getTime() / 1000,
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ __type: 'ExecutionDoesNotExist' });
    expect((await unknown.json()) as unknown).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('lists the state machines a page at a time, and describes one, to the unchanged AWS SDK', async () => {
    // Arrange
    for (const name of ['Billing', 'Catalogue']) {
      engine.registerStateMachine({
        stateMachineArn: `arn:aws-cn:states:cn-north-1:123456789012:stateMachine:${name}`,
        name,
        definition: APPROVAL,
      });
    }

    // Act
    const firstPage = await client.send(new ListStateMachinesCommand({ maxResults: 2 }));
    const secondPage = await client.send(
      new ListStateMachinesCommand({ maxResults: 2, nextToken: firstPage.nextToken }),
    );
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: MACHINE_ARN }));
    const missing = await rejectionOf(
      client.send(new DescribeStateMachineCommand({ stateMachineArn: `${MACHINE_ARN}Gone` })),
    );
    const forged = await rejectionOf(client.send(new ListStateMachinesCommand({ nextToken: 'forged' })));

    // Assert
    expect(firstPage.stateMachines?.map((machine) => machine.name)).toEqual(['Approval', 'Billing']);
    expect(firstPage.stateMachines?.[0]).toEqual({
      stateMachineArn: MACHINE_ARN,
      name: 'Approval',
      type: 'STANDARD',
      creationDate: clock.now(),
    });
    expect(secondPage.stateMachines?.map((machine) => machine.name)).toEqual(['Catalogue']);
    expect(secondPage.nextToken).toBeUndefined();
    expect(described).toMatchObject({
      stateMachineArn: MACHINE_ARN,
      name: 'Approval',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: 'arn:aws-cn:iam::123456789012:role/local-step-functions',
      creationDate: clock.now(),
    });
    expect(JSON.parse(described.definition ?? 'null')).toEqual(APPROVAL);
    expect(missing).toBeInstanceOf(StateMachineDoesNotExist);
    expect(forged).toBeInstanceOf(InvalidToken);
  });
});
