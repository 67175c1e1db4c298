import * as z from 'zod';
import type { LocalStepFunctions } from '#local/engine/engine.ts';
import type { LocalClock } from '#local/localClock.ts';
import type { LocalOnlyRoute } from '#local/localHttpApi.ts';
import type { LocalScheduler } from '#local/localScheduler.ts';
import type { Outbox } from '#local/outbox.ts';
import type { ConsoleConfig } from '#shared/consoleConfig.ts';
import { parseInput } from '#shared/validation.ts';

const advanceClockSchema = z.strictObject({
  advanceSeconds: z
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(5 * 366 * 24 * 3600, 'must be at most five years'),
});

const runScheduleSchema = z.strictObject({
  name: z.string().min(1, 'name a schedule (GET /local/schedules)'),
});

const injectFaultSchema = z.union([
  z.strictObject({
    state: z.string().min(1, 'name a Task state of a workflow'),
    times: z.int('must be a whole number').min(1).max(100),
    /** The error the attempts fail with, e.g. `Lambda.ServiceException` (retried) @default Local.InjectedFault (not retried) */
    error: z
      .string()
      .regex(/^[A-Za-z][\w.]{0,99}$/, 'must be an error name such as Lambda.ServiceException')
      .optional(),
  }),
  z.strictObject({
    crashBeforeStartOf: z.string().min(1, 'name (part of) a state machine ARN'),
  }),
]);

export interface LocalRouteDependencies {
  /** What the console is told: the API on its own origin, sign-in at the local provider. */
  readonly consoleConfig: () => ConsoleConfig;
  readonly outbox: Outbox;
  readonly clock: LocalClock;
  readonly engine: LocalStepFunctions;
  readonly scheduler: LocalScheduler;
}

/** The routes only the embedded runtime has: the console's config, the outbox, the clock, faults. */
export function localRoutes({
  consoleConfig,
  outbox,
  clock,
  engine,
  scheduler,
}: LocalRouteDependencies): Record<string, LocalOnlyRoute> {
  // A crash between a handler's write and its StartExecution, for the crash tests: the whole
  // process dies as `kill -9` would, before the engine has seen the start.
  let crashBeforeStartOf: string | undefined;
  const startExecution = engine.startExecution.bind(engine);
  engine.startExecution = (input) => {
    if (crashBeforeStartOf !== undefined && input.stateMachineArn.includes(crashBeforeStartOf)) {
      process.kill(process.pid, 'SIGKILL');
    }
    return startExecution(input);
  };
  return {
    // A deployment publishes the same document beside the console.
    'GET /config.json': async () => ({ statusCode: 200, body: consoleConfig() }),
    // `?to=` reads one person's mail: the whole outbox grows with every email the programme sends.
    'GET /local/outbox': async ({ query }) => {
      const to = query.get('to');
      return { statusCode: 200, body: { items: to === null ? outbox.list() : outbox.listTo(to) } };
    },
    'GET /local/clock': async () => ({ statusCode: 200, body: clock.read() }),
    'POST /local/clock': async ({ body }) => {
      const { advanceSeconds } = parseInput(advanceClockSchema, body);
      // The test clock: what is already moving (steps after an answered SendTaskSuccess or
      // StartExecution) finishes at the time it started, and only then does time jump.
      await engine.idle();
      return { statusCode: 200, body: await clock.advance(advanceSeconds) };
    },
    'POST /local/faults': async ({ body }) => {
      const fault = parseInput(injectFaultSchema, body);
      if ('crashBeforeStartOf' in fault) crashBeforeStartOf = fault.crashBeforeStartOf;
      else engine.injectTaskFailure(fault.state, fault.times, fault.error);
      return { statusCode: 200, body: fault };
    },
    'GET /local/schedules': async () => ({ statusCode: 200, body: { items: scheduler.list() } }),
    'GET /local/schedules/dead-letters': async () => ({
      statusCode: 200,
      body: { items: scheduler.listDeadLetters() },
    }),
    'POST /local/schedules/run': async ({ body }) => ({
      statusCode: 200,
      body: { result: await scheduler.runNow(parseInput(runScheduleSchema, body).name) },
    }),
    'GET /local/executions': async () => ({
      statusCode: 200,
      body: {
        items: engine.listExecutions({}).executions.map((execution) => ({
          ...execution,
          // Task tokens stay inside the engine: they are what completes a human's task.
          currentStates:
            execution.status === 'RUNNING'
              ? engine.currentStates(execution.executionArn).map(({ waitingFor, ...state }) => ({
                  ...state,
                  ...(waitingFor ? { waitingFor: { ...waitingFor, taskToken: undefined } } : {}),
                }))
              : [],
        })),
      },
    }),
  };
}
