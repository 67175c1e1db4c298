import { describe, expect, it } from 'vitest';
import type { BranchDefinition, JsonValue, StateMachineDefinition } from '#local/engine/asl.ts';
import { classifyTaskResource } from '#local/engine/definition.ts';
import {
  createEngine,
  FakeClock,
  functionArn,
  LambdaRecorder,
  namedError,
  startMachine,
} from './engineFixtures.ts';

// aws-local-stepfunctions declares Node >= 22; on Node 20 it needs Promise.withResolvers.
if (!('withResolvers' in Promise)) {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: () => {
      let resolve: (value: unknown) => void = () => {};
      let reject: (reason: unknown) => void = () => {};
      const promise = new Promise((resolvePromise, rejectPromise) => {
        resolve = resolvePromise;
        reject = rejectPromise;
      });
      return { promise, resolve, reject };
    },
  });
}
const { StateMachine } = await import('aws-local-stepfunctions');

type LambdaFunction = (payload: JsonValue) => Promise<JsonValue>;
/** Fresh functions for each run, so that both engines see the same (stateful) behaviour. */
type LambdaFunctions = () => Record<string, LambdaFunction>;

type Outcome = { output: JsonValue } | { error: string; cause: string | undefined };

function failingTimes(times: number, error: string, result: JsonValue): LambdaFunction {
  let calls = 0;
  return async () => {
    calls += 1;
    if (calls <= times) throw namedError(error, `attempt ${calls} failed`);
    return result;
  };
}

function taskStates(branch: BranchDefinition): [string, string][] {
  return Object.entries(branch.States).flatMap(([name, state]): [string, string][] => {
    if (state.Type === 'Task') return [[name, state.Resource]];
    if (state.Type === 'Parallel') return state.Branches.flatMap(taskStates);
    return [];
  });
}

/**
 * aws-local-stepfunctions hands a task override the state's processed input (for lambda:invoke
 * `{ FunctionName, Payload }`); this adapter makes that look like what our engine does: the same
 * function, the lambda:invoke envelope, and a Lambda-style error cause.
 */
function referenceHandlers(definition: StateMachineDefinition, functions: Record<string, LambdaFunction>) {
  const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
  for (const [stateName, resource] of taskStates(definition)) {
    const kind = classifyTaskResource(resource);
    handlers[stateName] = async (input) => {
      const isInvoke = kind === 'lambdaInvoke';
      const request = input as { FunctionName: string; Payload: JsonValue };
      const target = functions[isInvoke ? request.FunctionName : resource];
      if (!target) throw new Error(`No function for ${stateName}`);
      try {
        const payload = await target(isInvoke ? request.Payload : input);
        return isInvoke
          ? {
              ExecutedVersion: '$LATEST',
              Payload: payload,
              StatusCode: 200,
              SdkHttpMetadata: { HttpStatusCode: 200 },
              SdkResponseMetadata: {},
            }
          : payload;
      } catch (error) {
        const { name, message } = error as Error;
        throw namedError(name, JSON.stringify({ errorType: name, errorMessage: message }));
      }
    };
  }
  return handlers;
}

async function runReference(
  definition: StateMachineDefinition,
  input: JsonValue,
  functions: LambdaFunctions,
): Promise<Outcome> {
  const machine = new StateMachine(structuredClone(definition) as never);
  const retryIntervalOverrides = Object.fromEntries(taskStates(definition).map(([name]) => [name, 0]));
  const execution = machine.run(input, {
    overrides: {
      taskResourceLocalHandlers: referenceHandlers(definition, functions()),
      retryIntervalOverrides,
    },
  });
  try {
    return { output: (await execution.result) as JsonValue };
  } catch (error) {
    const inner = (error as Error).cause as Error;
    return { error: inner.name, cause: inner.message };
  }
}

async function runLocal(definition: StateMachineDefinition, input: JsonValue, functions: LambdaFunctions) {
  const clock = new FakeClock();
  const available = functions();
  const lambda = new LambdaRecorder(async (functionName, payload) => {
    const target = available[functionName];
    if (!target) throw new Error(`No function ${functionName}`);
    return target(payload);
  });
  const engine = createEngine({ clock, lambda });
  const executionArn = await startMachine(engine, 'Differential', definition, input);
  // Retry back-offs wait on the clock: move it until the execution is done.
  for (
    let tick = 0;
    tick < 20 && (await engine.describeExecution({ executionArn })).status === 'RUNNING';
    tick++
  ) {
    clock.advanceSeconds(3600);
    await engine.fireDueTimers();
  }
  const description = await engine.describeExecution({ executionArn });
  if (description.status === 'SUCCEEDED')
    return { output: JSON.parse(description.output ?? 'null') as JsonValue };
  return { error: description.error ?? '', cause: description.cause };
}

const invoke = (functionName: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task' as const,
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionName, 'Payload.$': '$' },
  ...extra,
});

interface DifferentialCase {
  name: string;
  definition: StateMachineDefinition;
  inputs: JsonValue[];
  functions: LambdaFunctions;
}

const CASES: DifferentialCase[] = [
  {
    name: 'Pass states with Result, Parameters, intrinsics, InputPath, ResultPath and OutputPath',
    definition: {
      StartAt: 'Shape',
      States: {
        Shape: {
          Type: 'Pass',
          InputPath: '$.request',
          Parameters: {
            'who.$': '$.user',
            'greeting.$': "States.Format('Dear {}, case {}', $.user, $.caseId)",
            'tags.$': "States.Array('a', $.caseId)",
            'count.$': 'States.ArrayLength($.items)',
          },
          ResultPath: '$.shaped',
          Next: 'Constant',
        },
        Constant: { Type: 'Pass', Result: { fixed: [1, 2] }, ResultPath: '$.shaped.constant', Next: 'Trim' },
        Trim: { Type: 'Pass', OutputPath: '$.shaped', End: true },
      },
    },
    inputs: [{ request: { user: 'Ada', caseId: 7, items: [1, 2, 3] } }],
    functions: () => ({}),
  },
  {
    name: 'Choice with And/Or/Not, Path comparisons and Default',
    definition: {
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [
            {
              And: [
                { Variable: '$.amount', IsPresent: true },
                { Variable: '$.amount', NumericGreaterThanPath: '$.limit' },
              ],
              Next: 'Escalate',
            },
            {
              Or: [
                { Variable: '$.kind', StringEquals: 'urgent' },
                { Variable: '$.kind', StringMatches: 'fast-*' },
              ],
              Next: 'Expedite',
            },
            { Not: { Variable: '$.approved', BooleanEquals: true }, Next: 'Reject' },
          ],
          Default: 'Approve',
        },
        Escalate: { Type: 'Pass', Result: 'escalated', End: true },
        Expedite: { Type: 'Pass', Result: 'expedited', End: true },
        Reject: { Type: 'Fail', Error: 'Rejected', Cause: 'not approved' },
        Approve: { Type: 'Succeed' },
      },
    },
    inputs: [
      { amount: 500, limit: 100, approved: true },
      { amount: 50, limit: 100, kind: 'fast-track', approved: true },
      { kind: 'normal', approved: false },
      { kind: 'normal', approved: true },
    ],
    functions: () => ({}),
  },
  {
    name: 'lambda:invoke with ResultSelector, ResultPath and OutputPath, then a bare function ARN',
    definition: {
      StartAt: 'Score',
      States: {
        Score: invoke('score', {
          ResultSelector: { 'score.$': '$.Payload.score', 'status.$': '$.StatusCode' },
          ResultPath: '$.scoring',
          Next: 'Notify',
        }),
        Notify: {
          Type: 'Task',
          Resource: functionArn('notify'),
          InputPath: '$.scoring',
          Parameters: { 'message.$': "States.Format('score {}', $.score)" },
          ResultPath: '$.notified',
          OutputPath: '$.notified',
          End: true,
        },
      },
    },
    inputs: [{ applicant: 'Ada' }],
    functions: () => ({
      score: async (payload) => ({ score: 42, echo: payload }),
      [functionArn('notify')]: async (payload) => ({ sent: payload }),
    }),
  },
  {
    name: 'a Retry that recovers',
    definition: {
      StartAt: 'Flaky',
      States: {
        Flaky: invoke('flaky', {
          Retry: [
            { ErrorEquals: ['Other'], MaxAttempts: 1 },
            { ErrorEquals: ['TransientError'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
          ],
          OutputPath: '$.Payload',
          End: true,
        }),
      },
    },
    inputs: [{}],
    functions: () => ({ flaky: failingTimes(2, 'TransientError', { recovered: true }) }),
  },
  {
    name: 'a Catch with ResultPath once retries are exhausted',
    definition: {
      StartAt: 'Broken',
      States: {
        Broken: invoke('broken', {
          Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['ConflictError'], ResultPath: '$.failure', Next: 'Recover' }],
          End: true,
        }),
        Recover: {
          Type: 'Pass',
          Parameters: { 'error.$': '$.failure.Error', 'original.$': '$.id' },
          End: true,
        },
      },
    },
    inputs: [{ id: 'case-1' }],
    functions: () => ({ broken: failingTimes(10, 'ConflictError', null) }),
  },
  {
    name: 'an uncaught task error fails the execution with the Lambda error',
    definition: { StartAt: 'Broken', States: { Broken: invoke('broken', { End: true }) } },
    inputs: [{}],
    functions: () => ({ broken: failingTimes(10, 'ValidationError', null) }),
  },
  {
    name: 'Parallel with tasks, Parameters, ResultSelector and ResultPath',
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Parameters: { 'id.$': '$.id' },
          Branches: [
            { StartAt: 'Left', States: { Left: invoke('left', { OutputPath: '$.Payload', End: true }) } },
            {
              StartAt: 'Inner',
              States: {
                Inner: {
                  Type: 'Parallel',
                  Branches: [
                    { StartAt: 'Deep', States: { Deep: { Type: 'Pass', Result: 'deep', End: true } } },
                    {
                      StartAt: 'Right',
                      States: { Right: { Type: 'Task', Resource: functionArn('right'), End: true } },
                    },
                  ],
                  End: true,
                },
              },
            },
          ],
          ResultSelector: { 'left.$': '$[0]', 'inner.$': '$[1]' },
          ResultPath: '$.fan',
          End: true,
        },
      },
    },
    inputs: [{ id: 3, other: 'kept' }],
    functions: () => ({
      left: async (payload) => ({ left: payload }),
      [functionArn('right')]: async (payload) => ({ right: payload }),
    }),
  },
  {
    name: 'a failing Parallel branch caught by the Parallel state',
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Fine', States: { Fine: { Type: 'Pass', End: true } } },
            { StartAt: 'Bad', States: { Bad: { Type: 'Fail', Error: 'BranchFailed', Cause: 'branch two' } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    },
    inputs: [{ id: 1 }],
    functions: () => ({}),
  },
];

describe('differential: this engine and aws-local-stepfunctions agree', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      for (const input of testCase.inputs) {
        // Act
        const reference = await runReference(testCase.definition, input, testCase.functions);
        const local = await runLocal(testCase.definition, input, testCase.functions);

        // Assert
        expect(local).toEqual(reference);
      }
    });
  }
});
