import middy from '@middy/core';
import { returnToMatching } from '#shared/dispatch/dispatchWorkflow.ts';

/** Step Functions task: sends the demand back to matching when a dispatch does not go ahead. */
export const handler = middy<
  Parameters<typeof returnToMatching>[0],
  Awaited<ReturnType<typeof returnToMatching>>
>().handler((input) => returnToMatching(input));
