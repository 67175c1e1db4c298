import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '#local/engine/asl.ts';
import { SfnServiceError } from '#local/engine/errors.ts';
import {
  createEngine,
  functionArn,
  LambdaRecorder,
  namedError,
  rejectionOf,
  startMachine,
  stateMachineArn,
  tokenTask,
} from './engineFixtures.ts';

const HELLO: StateMachineDefinition = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionArn('greet'), 'Payload.$': '$' },
      ResultSelector: { 'greeting.$': '$.Payload' },
      End: true,
    },
  },
};

function registrationErrorOf(definition: unknown): SfnServiceError {
  const engine = createEngine({});
  try {
    engine.registerStateMachine({
      stateMachineArn: stateMachineArn('Bad'),
      name: 'Bad',
      definition: definition as StateMachineDefinition,
    });
  } catch (error) {
    if (error instanceof SfnServiceError) return error;
    throw error;
  }
  throw new Error('Expected registration to fail');
}

describe('registerStateMachine', () => {
  it('rejects an invalid definition with the messages of asl-validator', () => {
    // Act
    const error = registrationErrorOf({ StartAt: 'A', States: { A: { Type: 'Pass' } } });

    // Assert
    expect(error.name).toBe('InvalidDefinition');
    expect(error.message).toContain('MUST contain exactly one of "End", "Next"');
  });

  it('names a Map state as unsupported', () => {
    // Act
    const error = registrationErrorOf({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'One', States: { One: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });

    // Assert
    expect(error.message).toMatch(/State "Each": Map states are unsupported/);
  });

  it('names variables (Assign) as unsupported', () => {
    // Act
    const error = registrationErrorOf({
      StartAt: 'Set',
      States: { Set: { Type: 'Pass', Assign: { count: 1 }, End: true } },
    });

    // Assert
    expect(error.message).toMatch(/State "Set": variables \(Assign\) are unsupported/);
  });

  it('names an unsupported Task resource, also inside a Parallel branch', () => {
    // Act
    const error = registrationErrorOf({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Put',
              States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
            },
          ],
          End: true,
        },
      },
    });

    // Assert
    expect(error.message).toMatch(
      /branch 0: State "Put": unsupported resource arn:aws:states:::dynamodb:putItem/,
    );
  });
});

describe('startExecution', () => {
  it('runs, once started, until the execution blocks, and names it after its state machine', async () => {
    // Arrange
    const lambda = new LambdaRecorder(async (_name, payload) => `hello ${(payload as { who: string }).who}`);
    const engine = createEngine({ lambda });
    engine.registerStateMachine({
      stateMachineArn: stateMachineArn('Hello'),
      name: 'Hello',
      definition: HELLO,
    });

    // Act
    const started = await engine.startExecution({
      stateMachineArn: stateMachineArn('Hello'),
      name: 'first',
      input: '{"who":"Ada"}',
    });
    await engine.idle();

    // Assert
    expect(started.executionArn).toBe('arn:aws:states:eu-west-1:123456789012:execution:Hello:first');
    expect(started.startDate).toEqual(new Date('2030-01-01T00:00:00.000Z'));
    expect(await engine.describeExecution({ executionArn: started.executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      name: 'first',
      stateMachineArn: stateMachineArn('Hello'),
      input: '{"who":"Ada"}',
      output: '{"greeting":"hello Ada"}',
    });
    expect(lambda.calls[0]?.meta).toEqual({
      executionArn: started.executionArn,
      stateMachineArn: stateMachineArn('Hello'),
      stateName: 'Greet',
    });
  });

  it('is idempotent for the same name and input while running, and refuses a different input', async () => {
    // Arrange
    const engine = createEngine({});
    const definition: StateMachineDefinition = {
      StartAt: 'Wait',
      States: { Wait: tokenTask('f', { End: true }) },
    };
    engine.registerStateMachine({ stateMachineArn: stateMachineArn('Once'), name: 'Once', definition });
    const request = { stateMachineArn: stateMachineArn('Once'), name: 'case-1', input: '{"a":1}' };
    const first = await engine.startExecution(request);

    // Act
    const again = await engine.startExecution(request);
    const conflict = await rejectionOf(engine.startExecution({ ...request, input: '{"a":2}' }));

    // Assert
    expect(again).toEqual(first);
    expect(conflict.name).toBe('ExecutionAlreadyExists');
    expect(engine.listExecutions({}).executions).toHaveLength(1);
  });

  it('refuses the name of a finished execution', async () => {
    // Arrange
    const engine = createEngine({});
    const definition: StateMachineDefinition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
    engine.registerStateMachine({ stateMachineArn: stateMachineArn('Quick'), name: 'Quick', definition });
    const request = { stateMachineArn: stateMachineArn('Quick'), name: 'only', input: '{}' };
    await engine.startExecution(request);
    await engine.idle();

    // Act
    const error = await rejectionOf(engine.startExecution(request));

    // Assert
    expect(error.name).toBe('ExecutionAlreadyExists');
  });

  it.each([
    [{ stateMachineArn: stateMachineArn('Missing') }, 'StateMachineDoesNotExist'],
    [{ stateMachineArn: stateMachineArn('Hello'), input: 'not json' }, 'InvalidExecutionInput'],
    [{ stateMachineArn: stateMachineArn('Hello'), input: '[1]' }, 'InvalidExecutionInput'],
    [{ stateMachineArn: stateMachineArn('Hello'), name: 'has space' }, 'InvalidName'],
  ])('refuses %j with %s', async (request, code) => {
    // Arrange
    const engine = createEngine({});
    engine.registerStateMachine({
      stateMachineArn: stateMachineArn('Hello'),
      name: 'Hello',
      definition: HELLO,
    });

    // Act
    const error = await rejectionOf(engine.startExecution(request));

    // Assert
    expect(error).toBeInstanceOf(SfnServiceError);
    expect(error.name).toBe(code);
  });
});

describe('executions', () => {
  it('report a Lambda error as AWS does: error = its name, cause = errorType and errorMessage', async () => {
    // Arrange
    const lambda = new LambdaRecorder(async () => {
      throw namedError('ConflictError', 'version 3 is stale');
    });
    const engine = createEngine({ lambda });

    // Act
    const executionArn = await startMachine(engine, 'Hello', HELLO);

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'ConflictError',
      cause: '{"errorType":"ConflictError","errorMessage":"version 3 is stale"}',
    });
  });

  it('fail from a Fail state with ErrorPath and an intrinsic CausePath', async () => {
    // Arrange
    const engine = createEngine({});

    // Act
    const executionArn = await startMachine(
      engine,
      'Failing',
      {
        StartAt: 'Stop',
        States: {
          Stop: { Type: 'Fail', ErrorPath: '$.code', CausePath: "States.Format('late by {} days', $.days)" },
        },
      },
      { code: 'Ineligible', days: 3 },
    );

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'Ineligible',
      cause: 'late by 3 days',
    });
  });

  it('fail on States.Runtime even under a Catch on States.ALL', async () => {
    // Arrange
    const engine = createEngine({});

    // Act
    const executionArn = await startMachine(engine, 'Broken', {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Read',
              States: { Read: { Type: 'Pass', Parameters: { 'x.$': '$.missing' }, End: true } },
            },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Succeed' },
      },
    });

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
    });
  });

  it('give Parameters the context object', async () => {
    // Arrange
    const engine = createEngine({});

    // Act
    const executionArn = await startMachine(
      engine,
      'Context',
      {
        StartAt: 'Read',
        States: {
          Read: {
            Type: 'Pass',
            Parameters: {
              'execution.$': '$$.Execution.Name',
              'state.$': '$$.State.Name',
              'machine.$': '$$.StateMachine.Name',
              'input.$': '$$.Execution.Input.caseId',
            },
            End: true,
          },
        },
      },
      { caseId: 'c-3' },
    );

    // Assert
    expect(JSON.parse((await engine.describeExecution({ executionArn })).output ?? 'null')).toEqual({
      execution: executionArn.split(':').at(-1),
      state: 'Read',
      machine: 'Context',
      input: 'c-3',
    });
  });

  it('keep a history with state names, in order', async () => {
    // Arrange
    const engine = createEngine({ lambda: new LambdaRecorder(async () => 'hi') });

    // Act
    const executionArn = await startMachine(engine, 'Hello', HELLO);

    // Assert
    const events = (await engine.getExecutionHistory({ executionArn })).events;
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[1]).toMatchObject({
      id: 2,
      previousEventId: 1,
      stateEnteredEventDetails: { name: 'Greet', input: '{}' },
    });
    expect(events[5]).toMatchObject({
      stateExitedEventDetails: { name: 'Greet', output: '{"greeting":"hi"}' },
    });
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
  });

  it('are listed newest first, filtered by state machine and status', async () => {
    // Arrange
    const engine = createEngine({});
    const waiting: StateMachineDefinition = {
      StartAt: 'Wait',
      States: { Wait: tokenTask('f', { End: true }) },
    };
    const quick: StateMachineDefinition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
    const running = await startMachine(engine, 'Waiting', waiting);
    await startMachine(engine, 'Quick', quick);

    // Act
    const all = engine.listExecutions({}).executions;
    const onlyRunning = engine.listExecutions({ statusFilter: 'RUNNING' }).executions;
    const onlyQuick = engine.listExecutions({ stateMachineArn: stateMachineArn('Quick') }).executions;

    // Assert
    expect(all).toHaveLength(2);
    expect(onlyRunning.map((execution) => execution.executionArn)).toEqual([running]);
    expect(onlyQuick.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  it('that do not exist are reported as ExecutionDoesNotExist', async () => {
    // Arrange
    const engine = createEngine({});

    // Act
    const act = engine.describeExecution({ executionArn: 'arn:aws:states:eu-west-1:1:execution:X:y' });

    // Assert
    await expect(act).rejects.toThrowError(expect.objectContaining({ name: 'ExecutionDoesNotExist' }));
  });
});
