import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '#local/engine/asl.ts';
import {
  createEngine,
  FakeClock,
  LambdaRecorder,
  rejectionOf,
  stateMachineArn,
  tokenTask,
} from './engineFixtures.ts';

const REVIEW: StateMachineDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: 'prepared', ResultPath: '$.step', Next: 'AwaitReview' },
    AwaitReview: tokenTask('request-review', { TimeoutSeconds: 600, ResultPath: '$.review', End: true }),
  },
};

const MACHINE = stateMachineArn('Review');

describe('ended executions', () => {
  let dataDir = '';

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sfn-ended-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('leave memory once ended, however many ran, while the running ones stay', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda, dataDir });
    engine.registerStateMachine({ stateMachineArn: MACHINE, name: 'Review', definition: REVIEW });
    for (let index = 0; index < 40; index++) {
      await engine.startExecution({ stateMachineArn: MACHINE, name: `case-${index}`, input: '{}' });
    }
    await engine.idle();
    const residentWhileWaiting = engine.residentExecutionCount();

    // Act
    for (const taskToken of lambda.tokensOf('AwaitReview').slice(0, 30)) {
      await engine.sendTaskSuccess({ taskToken, output: '{}' });
    }
    await engine.idle();

    // Assert
    expect(residentWhileWaiting).toBe(40);
    expect(engine.residentExecutionCount()).toBe(10);
    expect(engine.listExecutions({ statusFilter: 'SUCCEEDED' }).executions).toHaveLength(30);
    expect(engine.listExecutions({ statusFilter: 'RUNNING' }).executions).toHaveLength(10);
    await engine.close();
  });

  it('answer GetExecutionHistory and DescribeExecution from disk, the same after a restart', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const first = createEngine({ clock, lambda, dataDir });
    first.registerStateMachine({ stateMachineArn: MACHINE, name: 'Review', definition: REVIEW });
    const { executionArn } = await first.startExecution({
      stateMachineArn: MACHINE,
      name: 'case-1',
      input: '{"caseId":"c-1"}',
    });
    await first.idle();
    const whileRunning = await first.getExecutionHistory({ executionArn });

    // Act
    await first.sendTaskSuccess({ taskToken: lambda.tokenOf('AwaitReview'), output: '{"verdict":"fine"}' });
    await first.idle();
    const ended = await first.getExecutionHistory({ executionArn });
    const endedDescription = await first.describeExecution({ executionArn });
    const residentAfterEnd = first.residentExecutionCount();
    await first.close();
    const second = createEngine({ clock, dataDir });
    await second.start();
    const afterRestart = await second.getExecutionHistory({ executionArn });

    // Assert
    expect(residentAfterEnd).toBe(0);
    expect(ended.events.slice(0, whileRunning.events.length)).toEqual(whileRunning.events);
    expect(ended.events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(endedDescription).toMatchObject({
      status: 'SUCCEEDED',
      input: '{"caseId":"c-1"}',
      output: JSON.stringify({ caseId: 'c-1', step: 'prepared', review: { verdict: 'fine' } }),
    });
    expect(afterRestart).toEqual(ended);
    expect(await second.describeExecution({ executionArn })).toEqual(endedDescription);
    expect(second.residentExecutionCount()).toBe(0);
    await second.close();
  });

  it('still refuse their name and their tokens as AWS does', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda, dataDir });
    engine.registerStateMachine({ stateMachineArn: MACHINE, name: 'Review', definition: REVIEW });
    await engine.startExecution({ stateMachineArn: MACHINE, name: 'case-1', input: '{}' });
    await engine.idle();
    const taskToken = lambda.tokenOf('AwaitReview');
    await engine.sendTaskSuccess({ taskToken, output: '{}' });
    await engine.idle();

    // Act
    const sameName = await rejectionOf(
      engine.startExecution({ stateMachineArn: MACHINE, name: 'case-1', input: '{}' }),
    );
    const sameToken = await rejectionOf(engine.sendTaskSuccess({ taskToken, output: '{}' }));

    // Assert
    expect(engine.residentExecutionCount()).toBe(0);
    expect(sameName.name).toBe('ExecutionAlreadyExists');
    expect(sameToken.name).toBe('TaskDoesNotExist');
    await engine.close();
  });

  it('keep their records without a data directory too', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    engine.registerStateMachine({ stateMachineArn: MACHINE, name: 'Review', definition: REVIEW });
    const { executionArn } = await engine.startExecution({ stateMachineArn: MACHINE, input: '{}' });
    await engine.idle();

    // Act
    await engine.sendTaskSuccess({ taskToken: lambda.tokenOf('AwaitReview'), output: '{}' });
    await engine.idle();

    // Assert
    expect(engine.residentExecutionCount()).toBe(0);
    expect((await engine.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    expect((await engine.getExecutionHistory({ executionArn })).events.at(-1)?.type).toBe(
      'ExecutionSucceeded',
    );
    await engine.close();
  });
});
