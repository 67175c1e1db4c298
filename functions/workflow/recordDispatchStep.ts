import middy from '@middy/core';
import { recordDispatchStep } from '#shared/dispatch/dispatchWorkflow.ts';

/** Step Functions task: applies one transition of a dispatch: an answer, a ruling, a lapse. */
export const handler = middy<
  Parameters<typeof recordDispatchStep>[0],
  Awaited<ReturnType<typeof recordDispatchStep>>
>().handler((input) => recordDispatchStep(input));
