import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '#local/engine/asl.ts';
import { LocalStepFunctions } from '#local/engine/engine.ts';
import type { ExecutionRecord } from '#local/engine/executionRecord.ts';
import {
  createEngine,
  FakeClock,
  LambdaRecorder,
  rejectionOf,
  startMachine,
  stateMachineArn,
  tokenTask,
} from './engineFixtures.ts';

/** A Lambda `work` that blocks until the test releases it: the execution cannot move past it before. */
function blockingWork(): { lambda: LambdaRecorder; called: Promise<void>; release: () => void } {
  let signalCalled: () => void = () => {};
  let release: () => void = () => {};
  const called = new Promise<void>((resolve) => {
    signalCalled = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const lambda = new LambdaRecorder(async (functionName) => {
    if (functionName !== 'work') return {};
    signalCalled();
    await released;
    return { worked: true };
  });
  return { lambda, called, release };
}

const WORK: StateMachineDefinition = {
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'work' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

/** A human step, then (answered or refused) the blocking `work`. */
const APPROVAL_THEN_WORK: StateMachineDefinition = {
  StartAt: 'AwaitApproval',
  States: {
    AwaitApproval: tokenTask('ask', {
      Catch: [{ ErrorEquals: ['Rejected'], Next: 'Work' }],
      Next: 'Work',
    }),
    Work: WORK.States.Work ?? { Type: 'Succeed' },
  },
};

describe('the engine answers before the execution advances, as AWS does', () => {
  let dataDir = '';

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sfn-engine-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('StartExecution answers once the execution is recorded, then runs it in the background', async () => {
    // Arrange
    const work = blockingWork();
    const engine = createEngine({ lambda: work.lambda, dataDir });
    engine.registerStateMachine({ stateMachineArn: stateMachineArn('Work'), name: 'Work', definition: WORK });

    // Act
    const { executionArn } = await engine.startExecution({
      stateMachineArn: stateMachineArn('Work'),
      name: 'w-1',
    });
    const persisted = JSON.parse(
      await readFile(join(dataDir, 'executions', 'Work.w-1.json'), 'utf8'),
    ) as ExecutionRecord;
    const answeredStatus = (await engine.describeExecution({ executionArn })).status;
    await work.called;
    work.release();
    await engine.idle();

    // Assert
    expect(persisted).toMatchObject({ executionArn, status: 'RUNNING' });
    expect(answeredStatus).toBe('RUNNING');
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"worked":true}',
    });
  });

  it.each([
    [
      'SendTaskSuccess',
      (engine: LocalStepFunctions, taskToken: string) => engine.sendTaskSuccess({ taskToken, output: '{}' }),
    ],
    [
      'SendTaskFailure',
      (engine: LocalStepFunctions, taskToken: string) =>
        engine.sendTaskFailure({ taskToken, error: 'Rejected' }),
    ],
  ])(
    '%s answers once the token is resolved, then the execution moves on in the background',
    async (_name, answer) => {
      // Arrange
      const work = blockingWork();
      const engine = createEngine({ lambda: work.lambda });
      const executionArn = await startMachine(engine, 'Approval', APPROVAL_THEN_WORK);
      const taskToken = work.lambda.tokenOf('AwaitApproval');

      // Act
      await answer(engine, taskToken);
      const again = await rejectionOf(engine.sendTaskSuccess({ taskToken, output: '{}' }));
      const answeredStatus = (await engine.describeExecution({ executionArn })).status;
      await work.called;
      work.release();
      await engine.idle();

      // Assert
      expect(again.name).toBe('TaskDoesNotExist');
      expect(answeredStatus).toBe('RUNNING');
      expect(await engine.describeExecution({ executionArn })).toMatchObject({
        status: 'SUCCEEDED',
        output: '{"worked":true}',
      });
    },
  );

  it('logs an advance that fails after the answer, and idle() still settles', async () => {
    // Arrange
    const work = blockingWork();
    const logged: string[] = [];
    const engine = new LocalStepFunctions({
      dataDir,
      now: new FakeClock().now,
      invokeLambda: work.lambda.invoke,
      logger: { error: (message) => logged.push(message) },
    });
    engine.registerStateMachine({ stateMachineArn: stateMachineArn('Work'), name: 'Work', definition: WORK });
    const { executionArn } = await engine.startExecution({ stateMachineArn: stateMachineArn('Work') });
    await work.called;

    // Act: the disk goes away while the Lambda runs, so its result cannot be recorded.
    await rm(dataDir, { recursive: true, force: true });
    work.release();
    await engine.idle();

    // Assert
    expect(logged).toEqual([`Step Functions execution ${executionArn} failed to advance`]);
  });
});
