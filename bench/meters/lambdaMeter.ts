import { AsyncLocalStorage } from 'node:async_hooks';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { LambdaHost } from '#local/lambdaHost.ts';

/** How one function was used: invocations and the milliseconds AWS would bill for them. */
export interface FunctionUsage {
  readonly logicalId: string;
  invocations: number;
  /** Wall time of every invocation, as measured here. */
  wallMs: number;
  /** Wall time less the local Step Functions work inside SFN API calls, per invocation rounded up to 1 ms. */
  billedMs: number;
  /** Of `wallMs`, the time inside SFN API calls (locally: the engine running the workflow's next steps). */
  sfnMs: number;
  sfnCalls: number;
  /** The first invocation also imported the handler module (a cold start); its time is in `wallMs`. */
  firstInvocationMs: number;
}

/**
 * What an SFN API call is assumed to take in AWS: StartExecution and SendTaskSuccess return as
 * soon as the service has recorded them. Locally they return only after the engine has run the
 * workflow's next steps (other functions included), which a Lambda would not wait for.
 */
export const assumedSfnCallMs = 15;

interface Invocation {
  sfnMs: number;
  sfnCalls: number;
}

/**
 * Times every function the embedded runtime invokes (HTTP routes, workflow tasks and scheduled
 * targets all go through `LambdaHost.invoke`), by wrapping that method before the runtime starts,
 * and the handlers' SFN client's calls, with a middleware on its stack. The handlers' SDK calls
 * run in the invocation's async context, so the time inside SFN calls is charged to the
 * invocation that made them.
 */
export function meterLambdaInvocations(stepFunctions: SFNClient): { usage(): FunctionUsage[] } {
  const current = new AsyncLocalStorage<Invocation>();
  const usages = new Map<string, FunctionUsage>();

  stepFunctions.middlewareStack.add(
    (next) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const invocation = current.getStore();
        if (invocation) {
          invocation.sfnMs += performance.now() - started;
          invocation.sfnCalls += 1;
        }
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchSfnCallTimer' },
  );

  const originalInvoke = LambdaHost.prototype.invoke;
  LambdaHost.prototype.invoke = async function timedInvoke(this: LambdaHost, nameOrArn, event) {
    const { logicalId } = this.functionFor(nameOrArn);
    const invocation: Invocation = { sfnMs: 0, sfnCalls: 0 };
    const started = performance.now();
    try {
      return await current.run(invocation, () => originalInvoke.call(this, nameOrArn, event));
    } finally {
      const wall = performance.now() - started;
      let usage = usages.get(logicalId);
      if (!usage) {
        usage = {
          logicalId,
          invocations: 0,
          wallMs: 0,
          billedMs: 0,
          sfnMs: 0,
          sfnCalls: 0,
          firstInvocationMs: wall,
        };
        usages.set(logicalId, usage);
      }
      usage.invocations += 1;
      usage.wallMs += wall;
      usage.sfnMs += invocation.sfnMs;
      usage.sfnCalls += invocation.sfnCalls;
      usage.billedMs += Math.max(
        1,
        Math.ceil(wall - invocation.sfnMs + invocation.sfnCalls * assumedSfnCallMs),
      );
    }
  };

  return { usage: () => [...usages.values()] };
}
