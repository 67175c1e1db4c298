import middy from '@middy/core';
import { closeNotice } from '#shared/dispatch/dispatchWorkflow.ts';

/** Step Functions task: closes the public notice: dispatched, or held for a standing objection. */
export const handler = middy<
  Parameters<typeof closeNotice>[0],
  Awaited<ReturnType<typeof closeNotice>>
>().handler((input) => closeNotice(input));
