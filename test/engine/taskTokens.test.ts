import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '#local/engine/asl.ts';
import type { LocalStepFunctions } from '#local/engine/engine.ts';
import { SfnServiceError } from '#local/engine/errors.ts';
import { createTaskToken } from '#local/engine/taskToken.ts';
import {
  createEngine,
  FakeClock,
  LambdaRecorder,
  rejectionOf,
  startMachine,
  tokenTask,
} from './engineFixtures.ts';

const APPROVAL: StateMachineDefinition = {
  StartAt: 'AwaitApproval',
  States: {
    AwaitApproval: tokenTask('request-approval', {
      TimeoutSeconds: 3600,
      ResultPath: '$.decision',
      Catch: [
        { ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Rejected' },
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Expired' },
      ],
      Next: 'Approved',
    }),
    Approved: { Type: 'Pass', End: true },
    Rejected: { Type: 'Pass', End: true },
    Expired: { Type: 'Pass', End: true },
  },
};

async function output(engine: LocalStepFunctions, executionArn: string): Promise<unknown> {
  return JSON.parse((await engine.describeExecution({ executionArn })).output ?? 'null');
}

describe('waitForTaskToken tasks', () => {
  it('invoke the Lambda with a fresh, unguessable token and wait for it', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });

    // Act
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, { caseId: 'c-1' });

    // Assert
    const [call] = lambda.calls;
    expect(call?.functionName).toBe('request-approval');
    expect(call?.payload).toEqual({ token: call?.meta.taskToken, input: { caseId: 'c-1' } });
    expect(call?.meta.taskToken?.split('.')[1]?.length).toBeGreaterThanOrEqual(43);
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');
    expect(engine.currentStates(executionArn)).toEqual([
      {
        branchId: 'root',
        stateName: 'AwaitApproval',
        waitingFor: {
          kind: 'taskToken',
          taskToken: call?.meta.taskToken,
          timeoutAt: new Date('2030-01-01T01:00:00.000Z'),
        },
      },
    ]);
  });

  it('resume with the output of SendTaskSuccess once the execution has advanced', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, { caseId: 'c-1' });

    // Act
    await engine.sendTaskSuccess({
      taskToken: lambda.tokenOf('AwaitApproval'),
      output: '{"approvedBy":"kim"}',
    });
    await engine.idle();

    // Assert
    expect((await engine.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    expect(await output(engine, executionArn)).toEqual({ caseId: 'c-1', decision: { approvedBy: 'kim' } });
  });

  it('route SendTaskFailure through Catch as a task error', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, { caseId: 'c-1' });

    // Act
    await engine.sendTaskFailure({
      taskToken: lambda.tokenOf('AwaitApproval'),
      error: 'Rejected',
      cause: 'budget',
    });
    await engine.idle();

    // Assert
    expect(await output(engine, executionArn)).toEqual({
      caseId: 'c-1',
      rejection: { Error: 'Rejected', Cause: 'budget' },
    });
    const history = (await engine.getExecutionHistory({ executionArn })).events;
    expect(history.map((event) => event.type)).toContain('TaskFailed');
  });

  it('time out on the clock, reach the Catch on States.Timeout, and refuse the token with TaskTimedOut', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, { caseId: 'c-1' });
    clock.advanceSeconds(3599);
    await engine.fireDueTimers();
    const stillWaiting = (await engine.describeExecution({ executionArn })).status;

    // Act
    clock.advanceSeconds(1);
    await engine.fireDueTimers();
    const lateAnswer = await rejectionOf(
      engine.sendTaskSuccess({ taskToken: lambda.tokenOf('AwaitApproval'), output: '{}' }),
    );

    // Assert
    expect(stillWaiting).toBe('RUNNING');
    expect(await output(engine, executionArn)).toMatchObject({ timeout: { Error: 'States.Timeout' } });
    expect(lateAnswer).toBeInstanceOf(SfnServiceError);
    expect(lateAnswer.name).toBe('TaskTimedOut');
    const types = (await engine.getExecutionHistory({ executionArn })).events.map((event) => event.type);
    expect(types).toContain('TaskTimedOut');
  });

  it('count as timed out once the clock passed the timeout, even before a timer fired', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, {});
    clock.advanceSeconds(7200);

    // Act
    const error = await rejectionOf(
      engine.sendTaskSuccess({ taskToken: lambda.tokenOf('AwaitApproval'), output: '{}' }),
    );

    // Assert
    expect(error.name).toBe('TaskTimedOut');
    expect(await output(engine, executionArn)).toMatchObject({ timeout: { Error: 'States.Timeout' } });
  });

  it('are not caught by States.TaskFailed when they time out', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(engine, 'Strict', {
      StartAt: 'Wait',
      States: {
        Wait: tokenTask('f', {
          TimeoutSeconds: 60,
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Handled' }],
          End: true,
        }),
        Handled: { Type: 'Succeed' },
      },
    });

    // Act
    clock.advanceSeconds(60);
    await engine.fireDueTimers();

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.Timeout',
    });
  });

  it('take their timeout from TimeoutSecondsPath', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(
      engine,
      'Dynamic',
      { StartAt: 'Wait', States: { Wait: tokenTask('f', { TimeoutSecondsPath: '$.seconds', End: true }) } },
      { seconds: 30 },
    );

    // Act
    clock.advanceSeconds(30);
    await engine.fireDueTimers();

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.Timeout',
    });
  });

  it('refuse a second completion with TaskDoesNotExist', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    await startMachine(engine, 'Approval', APPROVAL, {});
    const taskToken = lambda.tokenOf('AwaitApproval');
    await engine.sendTaskSuccess({ taskToken, output: '{}' });

    // Act
    const secondSuccess = await rejectionOf(engine.sendTaskSuccess({ taskToken, output: '{}' }));
    const lateFailure = await rejectionOf(engine.sendTaskFailure({ taskToken, error: 'Rejected' }));
    const heartbeat = await rejectionOf(engine.sendTaskHeartbeat({ taskToken }));

    // Assert
    expect([secondSuccess.name, lateFailure.name, heartbeat.name]).toEqual([
      'TaskDoesNotExist',
      'TaskDoesNotExist',
      'TaskDoesNotExist',
    ]);
  });

  it('accept a heartbeat while open', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    await startMachine(engine, 'Approval', APPROVAL, {});

    // Act
    const reply = await engine.sendTaskHeartbeat({ taskToken: lambda.tokenOf('AwaitApproval') });

    // Assert
    expect(reply).toEqual({});
  });

  it('refuse malformed tokens, unknown tokens and invalid output with the AWS error codes', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, {});

    // Act
    const malformed = await rejectionOf(engine.sendTaskSuccess({ taskToken: 'not-a-token', output: '{}' }));
    const guessed = await rejectionOf(
      engine.sendTaskSuccess({ taskToken: createTaskToken(executionArn), output: '{}' }),
    );
    const badOutput = await rejectionOf(
      engine.sendTaskSuccess({ taskToken: lambda.tokenOf('AwaitApproval'), output: '{oops' }),
    );

    // Assert
    expect([malformed.name, guessed.name, badOutput.name]).toEqual([
      'InvalidToken',
      'TaskDoesNotExist',
      'InvalidOutput',
    ]);
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');
  });

  it('are refused once the execution is stopped', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, {});

    // Act
    await engine.stopExecution({ executionArn, error: 'Withdrawn', cause: 'applicant withdrew' });
    const late = await rejectionOf(
      engine.sendTaskSuccess({ taskToken: lambda.tokenOf('AwaitApproval'), output: '{}' }),
    );

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'ABORTED',
      error: 'Withdrawn',
      cause: 'applicant withdrew',
    });
    expect(late.name).toBe('TaskDoesNotExist');
  });

  it('may be completed by the Lambda itself while it is still being invoked', async () => {
    // Arrange
    let engine: LocalStepFunctions | undefined;
    const lambda = new LambdaRecorder(async (_functionName, _payload, meta) => {
      await engine?.sendTaskSuccess({ taskToken: meta.taskToken ?? '', output: '{"immediate":true}' });
      return null;
    });
    engine = createEngine({ lambda });

    // Act
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, {});
    await engine.idle();

    // Assert
    expect((await engine.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    expect(await output(engine, executionArn)).toEqual({ decision: { immediate: true } });
  });

  it('fail the task when the Lambda that should receive the token fails', async () => {
    // Arrange
    const lambda = new LambdaRecorder(async () => {
      throw new Error('mailer down');
    });
    const engine = createEngine({ lambda });

    // Act
    const executionArn = await startMachine(engine, 'Approval', APPROVAL, {});

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'Error',
      cause: JSON.stringify({ errorType: 'Error', errorMessage: 'mailer down' }),
    });
  });
});

describe('token waits inside a Parallel state', () => {
  const TWO_SIGNATURES: StateMachineDefinition = {
    StartAt: 'Sign',
    States: {
      Sign: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Chair', States: { Chair: tokenTask('ask', { OutputPath: '$.signature', End: true }) } },
          {
            StartAt: 'Treasurer',
            States: { Treasurer: tokenTask('ask', { OutputPath: '$.signature', End: true }) },
          },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Unsigned' }],
        End: true,
      },
      Unsigned: { Type: 'Pass', End: true },
    },
  };

  it.each([
    ['Chair', 'Treasurer'],
    ['Treasurer', 'Chair'],
  ])(
    'give each branch its own token and collect outputs in branch order (%s first)',
    async (first, second) => {
      // Arrange
      const lambda = new LambdaRecorder();
      const engine = createEngine({ lambda });
      const executionArn = await startMachine(engine, 'Signatures', TWO_SIGNATURES, {});

      // Act
      await engine.sendTaskSuccess({
        taskToken: lambda.tokenOf(first),
        output: JSON.stringify({ signature: first }),
      });
      await engine.idle();
      const afterFirst = (await engine.describeExecution({ executionArn })).status;
      await engine.sendTaskSuccess({
        taskToken: lambda.tokenOf(second),
        output: JSON.stringify({ signature: second }),
      });
      await engine.idle();

      // Assert
      expect(lambda.tokenOf('Chair')).not.toBe(lambda.tokenOf('Treasurer'));
      expect(afterFirst).toBe('RUNNING');
      expect(await output(engine, executionArn)).toEqual(['Chair', 'Treasurer']);
    },
  );

  it('abandon the other branch when one fails: its token is refused', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    const executionArn = await startMachine(engine, 'Signatures', TWO_SIGNATURES, { id: 1 });

    // Act
    await engine.sendTaskFailure({
      taskToken: lambda.tokenOf('Chair'),
      error: 'Declined',
      cause: 'conflict',
    });
    await engine.idle();
    const abandoned = await rejectionOf(
      engine.sendTaskSuccess({ taskToken: lambda.tokenOf('Treasurer'), output: '{"signature":"late"}' }),
    );

    // Assert
    expect(abandoned.name).toBe('TaskDoesNotExist');
    expect(await output(engine, executionArn)).toEqual({
      id: 1,
      failure: { Error: 'Declined', Cause: 'conflict' },
    });
  });
});
