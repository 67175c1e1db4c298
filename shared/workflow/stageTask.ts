import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import * as z from 'zod';
import { ConflictError, TransientError } from '#shared/errors.ts';
import { observed } from '#shared/observability/logger.ts';
import { parseInput } from '#shared/validation.ts';

/** One step of a stage's task function: the domain function a state machine's task runs. */
// biome-ignore lint/suspicious/noExplicitAny: each step takes its own input, checked by its domain function
export type StepFunction = (input: any) => Promise<unknown>;

export type StepTable = Readonly<Record<string, StepFunction>>;

/** What every task of every workflow sends: the step to run and the execution it runs for (`StageBuilder` sets both). */
const stepEnvelope = z.looseObject({
  step: z.string().min(1),
  executionName: z.string().min(1),
});

/** A task named a step its stage's function does not have: a fault in the definition, never retried. */
export class UnknownStepError extends Error {
  override readonly name = 'UnknownStepError';
}

/**
 * A conditional write that lost to another writer (`versionedTable.replace`) is a conflict for a
 * person, who must reload; a workflow step reloads by itself when retried, so for it the race is transient.
 */
function asStepFailure(error: unknown): unknown {
  if (error instanceof ConflictError && error.cause instanceof ConditionalCheckFailedException) {
    return new TransientError(error.message, { cause: error });
  }
  return error;
}

/**
 * The one Lambda handler of a stage's state machine: runs the step the task names with the
 * task's payload (the step name taken off; the execution name kept, for the logs).
 */
export function stageTaskHandler(stage: string, steps: StepTable) {
  // No early timeout of middy's: its TimeoutError would hide Lambda's own Sandbox.Timedout, which
  // the paged jobs' Retry names (`retryTimedOutPage`), so a page cut off would never be retried.
  return middy<unknown, unknown>({ timeoutEarlyInMillis: 0 })
    .use(observed())
    .handler(async (event) => {
      const { step, ...input } = parseInput(stepEnvelope, event);
      const run = Object.hasOwn(steps, step) ? steps[step] : undefined;
      if (!run) throw new UnknownStepError(`The ${stage} workflow has no step "${step}"`);
      try {
        return await run(input);
      } catch (error) {
        throw asStepFailure(error);
      }
    });
}
