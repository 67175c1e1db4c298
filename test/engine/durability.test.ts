import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue, StateMachineDefinition } from '#local/engine/asl.ts';
import type { LocalStepFunctions } from '#local/engine/engine.ts';
import type { ExecutionRecord } from '#local/engine/executionRecord.ts';
import {
  createEngine,
  FakeClock,
  LambdaRecorder,
  startMachine,
  stateMachineArn,
  tokenTask,
} from './engineFixtures.ts';

const REVIEW: StateMachineDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: 'prepared', ResultPath: '$.step', Next: 'AwaitReview' },
    AwaitReview: tokenTask('request-review', {
      TimeoutSeconds: 86_400,
      ResultPath: '$.review',
      Next: 'Done',
    }),
    Done: { Type: 'Succeed' },
  },
};

/** A Lambda that never returns: the process "dies" while it runs. */
function hangingLambda(): { lambda: LambdaRecorder; called: Promise<void> } {
  let signalCalled: () => void = () => {};
  const called = new Promise<void>((resolve) => {
    signalCalled = resolve;
  });
  const lambda = new LambdaRecorder(() => {
    signalCalled();
    return new Promise<never>(() => {});
  });
  return { lambda, called };
}

/** Starts `review-1` without awaiting it: its Lambda hangs, as in a process that died mid-call. */
function startReviewWithoutWaiting(engine: LocalStepFunctions): void {
  engine.registerStateMachine({
    stateMachineArn: stateMachineArn('Review'),
    name: 'Review',
    definition: REVIEW,
  });
  void engine.startExecution({ stateMachineArn: stateMachineArn('Review'), name: 'review-1', input: '{}' });
}

async function persistedRecord(dataDir: string, executionName: string): Promise<ExecutionRecord> {
  const file = join(dataDir, 'executions', `Review.${executionName}.json`);
  return JSON.parse(await readFile(file, 'utf8')) as ExecutionRecord;
}

describe('durability', () => {
  let dataDir = '';

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sfn-engine-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a new engine on the same dataDir resumes a token wait, and the token still completes it', async () => {
    // Arrange
    const clock = new FakeClock();
    const firstLambda = new LambdaRecorder();
    const first = createEngine({ clock, lambda: firstLambda, dataDir });
    const executionArn = await startMachine(first, 'Review', REVIEW, { caseId: 'c-7' });
    const taskToken = firstLambda.tokenOf('AwaitReview');
    await first.close();
    const second = createEngine({ clock, dataDir });
    await second.start();

    // Act
    await second.sendTaskSuccess({ taskToken, output: '{"verdict":"fine"}' });
    await second.idle();

    // Assert
    expect(await second.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify({ caseId: 'c-7', step: 'prepared', review: { verdict: 'fine' } }),
    });
    const persisted = await persistedRecord(dataDir, executionArn.split(':').at(-1) ?? '');
    expect(persisted.status).toBe('SUCCEEDED');
    expect(await readdir(join(dataDir, 'executions'))).toHaveLength(1);
  });

  it('a wait persisted with invoked: false re-invokes its Lambda with the same token on restart', async () => {
    // Arrange
    const clock = new FakeClock();
    const crashed = hangingLambda();
    const first = createEngine({ clock, lambda: crashed.lambda, dataDir });
    startReviewWithoutWaiting(first);
    await crashed.called;
    const name = 'review-1';
    const beforeRestart = await persistedRecord(dataDir, name);
    const secondLambda = new LambdaRecorder();
    const second = createEngine({ clock, lambda: secondLambda, dataDir });

    // Act
    await second.start();
    await second.sendTaskSuccess({
      taskToken: secondLambda.tokenOf('AwaitReview'),
      output: '{"verdict":"ok"}',
    });
    await second.idle();

    // Assert
    const position = beforeRestart.threads.root?.position;
    expect(position).toMatchObject({ kind: 'taskToken', invoked: false });
    const originalToken = crashed.lambda.tokenOf('AwaitReview');
    expect(secondLambda.tokenOf('AwaitReview')).toBe(originalToken);
    expect(secondLambda.calls[0]?.payload).toMatchObject({ token: originalToken });
    expect((await second.describeExecution({ executionArn: beforeRestart.executionArn })).status).toBe(
      'SUCCEEDED',
    );
  });

  it('a Lambda task interrupted by a crash runs again on restart', async () => {
    // Arrange
    const definition: StateMachineDefinition = {
      StartAt: 'Compute',
      States: {
        Compute: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'compute', 'Payload.$': '$' },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    };
    const crashed = hangingLambda();
    const first = createEngine({ lambda: crashed.lambda, dataDir });
    first.registerStateMachine({ stateMachineArn: stateMachineArn('Compute'), name: 'Compute', definition });
    void first.startExecution({
      stateMachineArn: stateMachineArn('Compute'),
      name: 'once',
      input: '{"n":2}',
    });
    await crashed.called;
    const secondLambda = new LambdaRecorder(async (_name, payload) => ({
      doubled: (payload as { n: number }).n * 2,
    }));
    const second = createEngine({ lambda: secondLambda, dataDir });

    // Act
    await second.start();

    // Assert
    const [execution] = second.listExecutions({}).executions;
    expect(secondLambda.calls.map((call) => call.payload)).toEqual([{ n: 2 }]);
    expect(await second.describeExecution({ executionArn: execution?.executionArn ?? '' })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"doubled":4}',
    });
  });

  it('a Wait state that came due while the process was down completes on start', async () => {
    // Arrange
    const clock = new FakeClock();
    const first = createEngine({ clock, dataDir });
    const executionArn = await startMachine(first, 'Review', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await first.close();
    clock.advanceSeconds(3600);
    const second = createEngine({ clock, dataDir });

    // Act
    await second.start();

    // Assert
    expect((await second.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
  });

  it('a running execution keeps the definition it started with when the machine is re-registered', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const first = createEngine({ lambda, dataDir });
    const executionArn = await startMachine(first, 'Review', REVIEW, {});
    const second = createEngine({ dataDir });
    second.registerStateMachine({
      stateMachineArn: stateMachineArn('Review'),
      name: 'Review',
      definition: { StartAt: 'Other', States: { Other: { Type: 'Pass', End: true } } },
    });
    await second.start();

    // Act
    await second.sendTaskSuccess({ taskToken: lambda.tokenOf('AwaitReview'), output: '"seen"' });
    await second.idle();

    // Assert
    const output = JSON.parse(
      (await second.describeExecution({ executionArn })).output ?? 'null',
    ) as JsonValue;
    expect(output).toEqual({ step: 'prepared', review: 'seen' });
  });
});
