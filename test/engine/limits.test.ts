import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition, TaskState } from '#local/engine/asl.ts';
import type { LocalStepFunctions } from '#local/engine/engine.ts';
import {
  createEngine,
  FakeClock,
  LambdaRecorder,
  namedError,
  rejectionOf,
  startMachine,
  stateMachineArn,
  tokenTask,
} from './engineFixtures.ts';

const DAY = 86_400;
const START_MS = Date.parse('2030-01-01T00:00:00.000Z');
const YEAR_END = new Date(START_MS + 365 * DAY * 1000);

function at(seconds: number): Date {
  return new Date(START_MS + seconds * 1000);
}

async function output(engine: LocalStepFunctions, executionArn: string): Promise<unknown> {
  return JSON.parse((await engine.describeExecution({ executionArn })).output ?? 'null');
}

async function eventsOf(engine: LocalStepFunctions, executionArn: string, type: string) {
  return (await engine.getExecutionHistory({ executionArn })).events.filter((event) => event.type === type);
}

function lambdaTask(functionName: string, extra: Partial<TaskState> = {}): TaskState {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: functionName, 'Payload.$': '$' },
    OutputPath: '$.Payload',
    ...extra,
  };
}

/** A JSON object whose text is exactly `bytes` UTF-8 bytes long, made of `character`. */
function jsonOfBytes(bytes: number, character = 'x'): string {
  const overhead = '{"t":""}'.length;
  const characterBytes = Buffer.byteLength(character, 'utf8');
  const text = `{"t":"${character.repeat(Math.floor((bytes - overhead) / characterBytes))}"}`;
  expect(Buffer.byteLength(text, 'utf8')).toBe(bytes);
  return text;
}

describe('the one-year limit of a Standard execution', () => {
  it('times out an execution still waiting on a token a year after it started', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(engine, 'Forever', {
      StartAt: 'Await',
      States: { Await: tokenTask('notify', { End: true }) },
    });
    clock.advanceSeconds(365 * DAY - 1);
    await engine.fireDueTimers();
    const beforeTheYear = (await engine.describeExecution({ executionArn })).status;

    // Act
    clock.advanceSeconds(30 * DAY);
    await engine.fireDueTimers();

    // Assert
    expect(beforeTheYear).toBe('RUNNING');
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      stopDate: YEAR_END,
    });
    const [timedOut] = await eventsOf(engine, executionArn, 'ExecutionTimedOut');
    expect(timedOut).toMatchObject({
      timestamp: YEAR_END,
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });

  it('refuses a SendTaskSuccess that comes after the year, before any timer fired, with TaskTimedOut', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Late', {
      StartAt: 'Await',
      States: { Await: tokenTask('notify', { End: true }) },
    });
    clock.advanceSeconds(366 * DAY);

    // Act
    const refused = await rejectionOf(
      engine.sendTaskSuccess({ taskToken: lambda.tokenOf('Await'), output: '{}' }),
    );

    // Assert
    expect(refused.name).toBe('TaskTimedOut');
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'TIMED_OUT',
      stopDate: YEAR_END,
    });
  });

  it('times out an execution whose Wait state ends after the year', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(engine, 'LongWait', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 400 * DAY, End: true } },
    });

    // Act
    clock.advanceSeconds(400 * DAY);
    await engine.fireDueTimers();

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      stopDate: YEAR_END,
    });
  });

  it('times out an execution whose retry back-off passes the year, without the late attempt', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder(async () => {
      throw namedError('Busy', 'try later');
    });
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'SlowRetry', {
      StartAt: 'Work',
      States: {
        Work: lambdaTask('work', {
          Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 200 * DAY, BackoffRate: 1, MaxAttempts: 5 }],
          End: true,
        }),
      },
    });

    // Act
    clock.advanceSeconds(200 * DAY);
    await engine.fireDueTimers();
    clock.advanceSeconds(200 * DAY);
    await engine.fireDueTimers();

    // Assert
    expect(lambda.calls).toHaveLength(2);
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'TIMED_OUT',
      stopDate: YEAR_END,
    });
  });

  it('lets an execution finish that was due to finish before the year, though the clock jumped past it', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(engine, 'Finishes', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 300 * DAY, Next: 'Done' }, Done: { Type: 'Succeed' } },
    });

    // Act
    clock.advanceSeconds(400 * DAY);
    await engine.fireDueTimers();

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      stopDate: at(300 * DAY),
    });
  });
});

describe('the 256 KB payload limits', () => {
  const ECHO: StateMachineDefinition = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };

  it('refuse a StartExecution input over 262,144 UTF-8 bytes with a ValidationException', async () => {
    // Arrange
    const engine = createEngine({});
    engine.registerStateMachine({ stateMachineArn: stateMachineArn('Echo'), name: 'Echo', definition: ECHO });
    const chinese = jsonOfBytes(262_145, '中');

    // Act
    const refused = await rejectionOf(
      engine.startExecution({ stateMachineArn: stateMachineArn('Echo'), input: chinese }),
    );
    const accepted = await engine.startExecution({
      stateMachineArn: stateMachineArn('Echo'),
      input: jsonOfBytes(262_144),
    });

    // Assert
    expect(chinese.length).toBeLessThan(262_144);
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toMatch(/'input'.*262144/);
    expect(engine.listExecutions().executions).toHaveLength(1);
    expect((await engine.describeExecution(accepted)).status).toBe('SUCCEEDED');
  });

  it('fail the execution with States.DataLimitExceeded when a task result is over the limit, past a States.ALL Catch', async () => {
    // Arrange
    const lambda = new LambdaRecorder(async () => JSON.parse(jsonOfBytes(300_000)));
    const engine = createEngine({ lambda });

    // Act
    const executionArn = await startMachine(engine, 'BigResult', {
      StartAt: 'Fetch',
      States: {
        Fetch: lambdaTask('fetch', {
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recovered' }],
          End: true,
        }),
        Recovered: { Type: 'Pass', End: true },
      },
    });

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'Fetch' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('let a Catch that names States.DataLimitExceeded handle it', async () => {
    // Arrange
    const lambda = new LambdaRecorder(async () => JSON.parse(jsonOfBytes(300_000)));
    const engine = createEngine({ lambda });

    // Act
    const executionArn = await startMachine(engine, 'BigResultCaught', {
      StartAt: 'Fetch',
      States: {
        Fetch: lambdaTask('fetch', {
          Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], ResultPath: '$.failure', Next: 'Recovered' }],
          End: true,
        }),
        Recovered: { Type: 'Pass', End: true },
      },
    });

    // Assert
    expect((await engine.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    expect(await output(engine, executionArn)).toMatchObject({
      failure: { Error: 'States.DataLimitExceeded' },
    });
  });

  it('fail the execution when a state output grows over the limit', async () => {
    // Arrange
    const engine = createEngine({});
    const input = { a: 'x'.repeat(150_000) };

    // Act
    const executionArn = await startMachine(
      engine,
      'Doubling',
      {
        StartAt: 'Double',
        States: { Double: { Type: 'Pass', Parameters: { 'a.$': '$.a', 'b.$': '$.a' }, End: true } },
      },
      input,
    );

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
    });
  });

  it('fail a Task whose input after Parameters is over the limit, before its Lambda runs', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });

    // Act
    const executionArn = await startMachine(
      engine,
      'BigParameters',
      {
        StartAt: 'Send',
        States: {
          Send: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'send', Payload: { 'a.$': '$.a', 'b.$': '$.a' } },
            End: true,
          },
        },
      },
      { a: 'x'.repeat(150_000) },
    );

    // Assert
    expect(lambda.calls).toHaveLength(0);
    expect((await engine.describeExecution({ executionArn })).error).toBe('States.DataLimitExceeded');
  });

  it('refuse a SendTaskSuccess output over the limit, leaving the task open and its token valid', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    const executionArn = await startMachine(engine, 'Approval', {
      StartAt: 'Await',
      States: { Await: tokenTask('notify', { End: true }) },
    });
    const taskToken = lambda.tokenOf('Await');

    // Act
    const refused = await rejectionOf(engine.sendTaskSuccess({ taskToken, output: jsonOfBytes(262_145) }));
    const stillRunning = (await engine.describeExecution({ executionArn })).status;
    await engine.sendTaskSuccess({ taskToken, output: '{"ok":true}' });

    // Assert
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toMatch(/'output'.*262144/);
    expect(stillRunning).toBe('RUNNING');
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":true}',
    });
  });
});

describe('SendTaskFailure', () => {
  it('refuses an error over 256 characters or a cause over 32,768, leaving the task open', async () => {
    // Arrange
    const lambda = new LambdaRecorder();
    const engine = createEngine({ lambda });
    const executionArn = await startMachine(engine, 'Approval', {
      StartAt: 'Await',
      States: { Await: tokenTask('notify', { End: true }) },
    });
    const taskToken = lambda.tokenOf('Await');

    // Act
    const longError = await rejectionOf(engine.sendTaskFailure({ taskToken, error: 'E'.repeat(257) }));
    const longCause = await rejectionOf(
      engine.sendTaskFailure({ taskToken, error: 'Rejected', cause: 'c'.repeat(32_769) }),
    );
    const stillRunning = (await engine.describeExecution({ executionArn })).status;
    await engine.sendTaskFailure({ taskToken, error: 'E'.repeat(256), cause: 'c'.repeat(32_768) });

    // Assert
    expect([longError.name, longCause.name]).toEqual(['ValidationException', 'ValidationException']);
    expect(longCause.message).toMatch(/'cause'.*32768/);
    expect(stillRunning).toBe('RUNNING');
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'E'.repeat(256),
    });
  });
});

describe('Task TimeoutSeconds for plain Lambda tasks', () => {
  function slowLambda(clock: FakeClock, seconds: number): LambdaRecorder {
    return new LambdaRecorder(async () => {
      clock.advanceSeconds(seconds);
      return { done: true };
    });
  }

  const TIMED: StateMachineDefinition = {
    StartAt: 'Work',
    States: {
      Work: lambdaTask('work', {
        TimeoutSeconds: 30,
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.failure', Next: 'TooSlow' }],
        End: true,
      }),
      TooSlow: { Type: 'Pass', End: true },
    },
  };

  it('fail with States.Timeout, at the timeout, when the Lambda runs longer on the clock', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock, lambda: slowLambda(clock, 31) });

    // Act
    const executionArn = await startMachine(engine, 'Timed', TIMED);

    // Assert
    expect(await output(engine, executionArn)).toMatchObject({ failure: { Error: 'States.Timeout' } });
    const [timedOut] = await eventsOf(engine, executionArn, 'TaskTimedOut');
    expect(timedOut).toMatchObject({
      timestamp: at(30),
      taskTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });

  it('let a Lambda that answers within TimeoutSeconds succeed', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock, lambda: slowLambda(clock, 29) });

    // Act
    const executionArn = await startMachine(engine, 'Timed', TIMED);

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":true}',
    });
  });

  it('read TimeoutSecondsPath from the state input', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock, lambda: slowLambda(clock, 6) });

    // Act
    const executionArn = await startMachine(
      engine,
      'TimedByPath',
      { StartAt: 'Work', States: { Work: lambdaTask('work', { TimeoutSecondsPath: '$.limit', End: true }) } },
      { limit: 5 },
    );

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.Timeout',
    });
  });
});

describe('HeartbeatSeconds for token waits', () => {
  const BEATING: StateMachineDefinition = {
    StartAt: 'Await',
    States: {
      Await: tokenTask('notify', {
        TimeoutSeconds: 3600,
        HeartbeatSeconds: 60,
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.failure', Next: 'Silent' }],
        End: true,
      }),
      Silent: { Type: 'Pass', End: true },
    },
  };

  it('fail with States.HeartbeatTimeout when no heartbeat came in time', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(engine, 'Beating', BEATING);
    clock.advanceSeconds(59);
    await engine.fireDueTimers();
    const early = (await engine.describeExecution({ executionArn })).status;

    // Act
    clock.advanceSeconds(1);
    await engine.fireDueTimers();

    // Assert
    expect(early).toBe('RUNNING');
    expect(await output(engine, executionArn)).toMatchObject({
      failure: { Error: 'States.HeartbeatTimeout' },
    });
    const [timedOut] = await eventsOf(engine, executionArn, 'TaskTimedOut');
    expect(timedOut).toMatchObject({
      timestamp: at(60),
      taskTimedOutEventDetails: { error: 'States.HeartbeatTimeout' },
    });
  });

  it('move the heartbeat deadline on with each SendTaskHeartbeat', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Beating', BEATING);
    const taskToken = lambda.tokenOf('Await');

    // Act
    clock.advanceSeconds(50);
    await engine.sendTaskHeartbeat({ taskToken });
    clock.advanceSeconds(50);
    await engine.fireDueTimers();
    const afterHundredSeconds = (await engine.describeExecution({ executionArn })).status;
    clock.advanceSeconds(10);
    await engine.fireDueTimers();

    // Assert
    expect(afterHundredSeconds).toBe('RUNNING');
    const [timedOut] = await eventsOf(engine, executionArn, 'TaskTimedOut');
    expect(timedOut?.timestamp).toEqual(at(110));
  });

  it('refuse a heartbeat that comes too late with TaskTimedOut, and time the task out', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Beating', BEATING);
    clock.advanceSeconds(61);

    // Act
    const refused = await rejectionOf(engine.sendTaskHeartbeat({ taskToken: lambda.tokenOf('Await') }));

    // Assert
    expect(refused.name).toBe('TaskTimedOut');
    expect(await output(engine, executionArn)).toMatchObject({
      failure: { Error: 'States.HeartbeatTimeout' },
    });
  });

  it('read HeartbeatSecondsPath, and let a States.Timeout Catch cover a missed heartbeat', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(
      engine,
      'BeatingByPath',
      {
        StartAt: 'Await',
        States: {
          Await: tokenTask('notify', {
            HeartbeatSecondsPath: '$.beat',
            Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.failure', Next: 'Silent' }],
            End: true,
          }),
          Silent: { Type: 'Pass', End: true },
        },
      },
      { beat: 5 },
    );

    // Act
    clock.advanceSeconds(5);
    await engine.fireDueTimers();

    // Assert
    expect(await output(engine, executionArn)).toMatchObject({
      failure: { Error: 'States.HeartbeatTimeout' },
    });
  });
});

describe('after a clock jump', () => {
  it('times a wait that follows a timed-out wait from the first one’s due time, so one jump times out both', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'TwoWaits', {
      StartAt: 'First',
      States: {
        First: tokenTask('notify', {
          TimeoutSeconds: 100,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.first', Next: 'Second' }],
          End: true,
        }),
        Second: tokenTask('escalate', {
          TimeoutSeconds: 100,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.second', Next: 'Expired' }],
          End: true,
        }),
        Expired: { Type: 'Pass', End: true },
      },
    });

    // Act
    clock.advanceSeconds(250);
    await engine.fireDueTimers();

    // Assert
    expect(lambda.calls.map((call) => call.functionName)).toEqual(['notify', 'escalate']);
    expect((await eventsOf(engine, executionArn, 'TaskScheduled')).map((event) => event.timestamp)).toEqual([
      at(0),
      at(100),
    ]);
    expect((await eventsOf(engine, executionArn, 'TaskTimedOut')).map((event) => event.timestamp)).toEqual([
      at(100),
      at(200),
    ]);
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      stopDate: at(200),
    });
  });

  it('ends a Parallel state when its last branch is due, not when the clock was found past it', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const sleep = (seconds: number) => ({
      StartAt: `Sleep${seconds}`,
      States: { [`Sleep${seconds}`]: { Type: 'Wait' as const, Seconds: seconds, End: true } },
    });
    const executionArn = await startMachine(engine, 'Branches', {
      StartAt: 'Both',
      States: {
        Both: { Type: 'Parallel', Branches: [sleep(10), sleep(20)], Next: 'After' },
        After: { Type: 'Wait', Seconds: 5, End: true },
      },
    });

    // Act
    clock.advanceSeconds(1000);
    await engine.fireDueTimers();

    // Assert
    expect((await eventsOf(engine, executionArn, 'ParallelStateSucceeded'))[0]?.timestamp).toEqual(at(20));
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      stopDate: at(25),
    });
  });

  it('runs what a Wait leads to at the Wait’s due time, Lambda calls included', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder(async () => ({ reminded: true }));
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Reminders', {
      StartAt: 'UntilReminder',
      States: {
        UntilReminder: { Type: 'Wait', Seconds: 60, Next: 'Remind' },
        Remind: lambdaTask('remind', { Next: 'UntilEscalation' }),
        UntilEscalation: { Type: 'Wait', Seconds: 60, End: true },
      },
    });

    // Act
    clock.advanceSeconds(1000);
    await engine.fireDueTimers();

    // Assert
    expect(lambda.calls).toHaveLength(1);
    expect((await eventsOf(engine, executionArn, 'TaskScheduled'))[0]?.timestamp).toEqual(at(60));
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      stopDate: at(120),
    });
  });
});
