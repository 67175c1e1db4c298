import middy from '@middy/core';
import { openNotice } from '#shared/dispatch/dispatchWorkflow.ts';

/** Step Functions task: opens the public notice once both parties accepted. */
export const handler = middy<
  Parameters<typeof openNotice>[0],
  Awaited<ReturnType<typeof openNotice>>
>().handler((input) => openNotice(input));
