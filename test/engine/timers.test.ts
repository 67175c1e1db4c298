import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StateMachineDefinition } from '#local/engine/asl.ts';
import { eventually } from '#test/support/eventually.ts';
import {
  createEngine,
  FakeClock,
  LambdaRecorder,
  namedError,
  startMachine,
  stateMachineArn,
} from './engineFixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('Wait states', () => {
  it('wait for Seconds on the clock', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(
      engine,
      'Reminder',
      {
        StartAt: 'Sleep',
        States: { Sleep: { Type: 'Wait', Seconds: 86_400, Next: 'Done' }, Done: { Type: 'Succeed' } },
      },
      { caseId: 'c-9' },
    );
    const waiting = engine.currentStates(executionArn);
    clock.advanceSeconds(86_399);
    await engine.fireDueTimers();
    const earlyStatus = (await engine.describeExecution({ executionArn })).status;

    // Act
    clock.advanceSeconds(1);
    await engine.fireDueTimers();

    // Assert
    expect(waiting).toEqual([
      {
        branchId: 'root',
        stateName: 'Sleep',
        waitingFor: { kind: 'timer', dueAt: new Date('2030-01-02T00:00:00.000Z') },
      },
    ]);
    expect(earlyStatus).toBe('RUNNING');
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"caseId":"c-9"}',
    });
  });

  it('wait until a TimestampPath, passing the OutputPath on', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(
      engine,
      'Deadline',
      {
        StartAt: 'Until',
        States: { Until: { Type: 'Wait', TimestampPath: '$.deadline', OutputPath: '$.id', End: true } },
      },
      { deadline: '2030-01-05T12:00:00Z', id: 'd-1' },
    );

    // Act
    clock.advanceSeconds(4.5 * 86_400);
    await engine.fireDueTimers();

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: '"d-1"',
    });
  });

  it('are advanced by the optional ticker', async () => {
    // Arrange
    vi.useFakeTimers();
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(engine, 'Ticked', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 60, End: true } },
    });
    engine.startTicker(1000);
    clock.advanceSeconds(60);

    // Act
    await vi.advanceTimersByTimeAsync(1000);
    await engine.idle();

    // Assert
    expect((await engine.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    await engine.close();
  });

  it('are advanced by the ticker while another execution is still busy', async () => {
    // Arrange: one execution's task runs until released, keeping the engine busy the whole time
    // (as a loaded runtime always is); another's task fails once and backs off 10 s on the clock.
    const clock = new FakeClock();
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let flakyCalls = 0;
    const lambda = new LambdaRecorder(async (functionName) => {
      if (functionName === 'slow') {
        await released;
        return {};
      }
      flakyCalls += 1;
      if (flakyCalls === 1) throw namedError('Busy', 'try later');
      return { done: flakyCalls };
    });
    const engine = createEngine({ clock, lambda });
    const task = (functionName: string): StateMachineDefinition => ({
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: functionName, 'Payload.$': '$' },
          Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 10, MaxAttempts: 3 }],
          End: true,
        },
      },
    });
    const start = async (name: string) => {
      engine.registerStateMachine({ stateMachineArn: stateMachineArn(name), name, definition: task(name) });
      return (await engine.startExecution({ stateMachineArn: stateMachineArn(name), input: '{}' }))
        .executionArn;
    };
    const slowArn = await start('slow');
    const flakyArn = await start('flaky');
    await eventually(
      'the flaky task backing off',
      async () => engine.currentStates(flakyArn),
      (states) => states[0]?.waitingFor.kind === 'retry',
      5_000,
      10,
    );
    engine.startTicker(20);

    // Act
    clock.advanceSeconds(10);
    const retried = await eventually(
      'the retried execution',
      () => engine.describeExecution({ executionArn: flakyArn }),
      ({ status }) => status !== 'RUNNING',
      5_000,
      20,
    );

    // Assert
    expect(retried.status).toBe('SUCCEEDED');
    expect((await engine.describeExecution({ executionArn: slowArn })).status).toBe('RUNNING');
    release();
    await engine.close();
  });
});

describe('Retry back-off', () => {
  const FLAKY: StateMachineDefinition = {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'work', 'Payload.$': '$' },
        Retry: [
          { ErrorEquals: ['Busy'], IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 20, MaxAttempts: 3 },
        ],
        OutputPath: '$.Payload',
        End: true,
      },
    },
  };

  /** A Lambda that fails with `Busy` on its first call and succeeds on every later one. */
  function failingOnce(): LambdaRecorder {
    let calls = 0;
    return new LambdaRecorder(async () => {
      calls += 1;
      if (calls === 1) throw namedError('Busy', 'try later');
      return { done: calls };
    });
  }

  /** Each of the next `count` retries' back-off in seconds, letting each one fall due on the clock. */
  async function retryDelays(
    engine: ReturnType<typeof createEngine>,
    clock: FakeClock,
    executionArn: string,
    count: number,
  ): Promise<number[]> {
    const delays: number[] = [];
    for (let attempt = 0; attempt < count; attempt++) {
      const [current] = engine.currentStates(executionArn);
      const dueAt = current?.waitingFor.kind === 'retry' ? current.waitingFor.dueAt.getTime() : Number.NaN;
      const delay = (dueAt - clock.now().getTime()) / 1000;
      delays.push(delay);
      clock.advanceSeconds(delay);
      await engine.fireDueTimers();
    }
    return delays;
  }

  it('retries only once fireDueTimers runs after the interval on the clock', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = failingOnce();
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Flaky', FLAKY);
    const backingOff = engine.currentStates(executionArn);
    clock.advanceSeconds(9);
    await engine.fireDueTimers();
    const callsBeforeInterval = lambda.calls.length;

    // Act
    clock.advanceSeconds(1);
    await engine.fireDueTimers();

    // Assert
    expect(backingOff).toEqual([
      {
        branchId: 'root',
        stateName: 'Work',
        waitingFor: { kind: 'retry', dueAt: new Date('2030-01-01T00:00:10.000Z') },
      },
    ]);
    expect(callsBeforeInterval).toBe(1);
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":2}',
    });
  });

  it('grows the interval by BackoffRate up to MaxDelaySeconds', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder(async () => {
      throw namedError('Busy', 'still busy');
    });
    const engine = createEngine({ clock, lambda });
    const executionArn = await startMachine(engine, 'Flaky', FLAKY);

    // Act
    const delays = await retryDelays(engine, clock, executionArn, 3);

    // Assert
    expect(delays).toEqual([10, 20, 20]);
    expect(lambda.calls).toHaveLength(4);
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'Busy',
    });
  });
  it('after a jump of the clock, waits each back-off on the clock too, keeping the retry in its place in time', async () => {
    // Arrange: the task fails at 00:01 (a minute's Wait), seen only once the clock is at 01:00.
    const clock = new FakeClock();
    const lambda = failingOnce();
    const engine = createEngine({ clock, lambda });
    const waitThenWork = structuredClone(FLAKY);
    waitThenWork.States = { Pause: { Type: 'Wait', Seconds: 60, Next: 'Work' }, ...waitThenWork.States };
    waitThenWork.StartAt = 'Pause';
    const executionArn = await startMachine(engine, 'CaughtUp', waitThenWork);
    clock.advanceSeconds(3_600);
    await engine.fireDueTimers();
    const callsAfterTheJump = lambda.calls.length;
    const backingOff = engine.currentStates(executionArn);

    // Act
    clock.advanceSeconds(10);
    await engine.fireDueTimers();

    // Assert
    expect(callsAfterTheJump).toBe(1);
    expect(backingOff).toEqual([
      {
        branchId: 'root',
        stateName: 'Work',
        waitingFor: { kind: 'retry', dueAt: new Date('2030-01-01T01:00:10.000Z') },
      },
    ]);
    expect(lambda.calls).toHaveLength(2);
    const { events } = await engine.getExecutionHistory({ executionArn });
    const scheduled = events.filter((event) => event.type === 'TaskScheduled');
    expect(scheduled.map((event) => event.timestamp.toISOString())).toEqual([
      '2030-01-01T00:01:00.000Z',
      '2030-01-01T00:01:10.000Z',
    ]);
  });

  it('with JitterStrategy FULL, waits a random time up to each back-off', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder(async () => {
      throw namedError('Busy', 'still busy');
    });
    const engine = createEngine({ clock, lambda });
    const jittered: StateMachineDefinition = structuredClone(FLAKY);
    const work = jittered.States.Work as { Retry: { JitterStrategy?: string; MaxAttempts?: number }[] };
    Object.assign(work.Retry[0] ?? {}, { JitterStrategy: 'FULL', MaxAttempts: 8 });
    const executionArn = await startMachine(engine, 'Jittered', jittered);

    // Act
    const delays = await retryDelays(engine, clock, executionArn, 8);

    // Assert: each wait within its back-off (10, then 20 at most), and not the back-off itself each time.
    const backOffs = [10, 20, 20, 20, 20, 20, 20, 20];
    delays.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(backOffs[index] ?? 0);
    });
    expect(delays).not.toEqual(backOffs);
    expect(lambda.calls).toHaveLength(9);
    expect((await engine.describeExecution({ executionArn })).status).toBe('FAILED');
  });
});

describe('injectTaskFailure', () => {
  it('fails the next attempts of a Task state before its Lambda runs, retried per Retry and then caught', async () => {
    // Arrange
    const clock = new FakeClock();
    const lambda = new LambdaRecorder();
    const engine = createEngine({ clock, lambda });
    engine.injectTaskFailure('Notify', 2);

    // Act
    const executionArn = await startMachine(engine, 'Faulty', {
      StartAt: 'Notify',
      States: {
        Notify: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'notify', 'Payload.$': '$' },
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Fallback' }],
          End: true,
        },
        Fallback: { Type: 'Pass', End: true },
      },
    });
    clock.advanceSeconds(5);
    await engine.fireDueTimers();

    // Assert
    expect(lambda.calls).toHaveLength(0);
    expect(JSON.parse((await engine.describeExecution({ executionArn })).output ?? 'null')).toMatchObject({
      failure: { Error: 'Local.InjectedFault' },
    });
    const failures = (await engine.getExecutionHistory({ executionArn })).events.filter(
      (event) => event.type === 'TaskFailed',
    );
    expect(failures).toHaveLength(2);
  });

  it('lets later attempts run normally', async () => {
    // Arrange
    const lambda = new LambdaRecorder(async () => 'ok');
    const engine = createEngine({ lambda });
    engine.injectTaskFailure('Call', 1);
    const definition: StateMachineDefinition = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f' },
          End: true,
        },
      },
    };
    const failed = await startMachine(engine, 'Once', definition);

    // Act
    const { executionArn } = await engine.startExecution({ stateMachineArn: stateMachineArn('Once') });
    await engine.idle();

    // Assert
    expect(await engine.describeExecution({ executionArn: failed })).toMatchObject({
      status: 'FAILED',
      error: 'Local.InjectedFault',
    });
    expect((await engine.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
  });
});

describe('the execution TimeoutSeconds', () => {
  it('times the execution out on the clock', async () => {
    // Arrange
    const clock = new FakeClock();
    const engine = createEngine({ clock });
    const executionArn = await startMachine(engine, 'Bounded', {
      StartAt: 'Sleep',
      TimeoutSeconds: 100,
      States: { Sleep: { Type: 'Wait', Seconds: 1000, End: true } },
    });

    // Act
    clock.advanceSeconds(100);
    await engine.fireDueTimers();

    // Assert
    expect(await engine.describeExecution({ executionArn })).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
    });
    expect(engine.currentStates(executionArn)).toEqual([]);
  });
});
