import middy from '@middy/core';
import { completeDispatch } from '#shared/dispatch/dispatchWorkflow.ts';

/** Step Functions task: marks the demand served and tells everyone the commissioner is dispatched. */
export const handler = middy<
  Parameters<typeof completeDispatch>[0],
  Awaited<ReturnType<typeof completeDispatch>>
>().handler((input) => completeDispatch(input));
