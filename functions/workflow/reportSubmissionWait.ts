import middy from '@middy/core';
import { reportWaitSeconds } from '#shared/report/reportWorkflow.ts';

/** Step Functions task: how long to wait for the commissioner's report, from now. */
export const handler = middy<
  Parameters<typeof reportWaitSeconds>[0],
  Awaited<ReturnType<typeof reportWaitSeconds>>
>().handler((input) => reportWaitSeconds(input));
