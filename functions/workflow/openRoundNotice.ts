import middy from '@middy/core';
import { openRoundNotice } from '#shared/commendation/commendationWorkflow.ts';

/** Step Functions task: opens the public notice of an approved list. */
export const handler = middy<
  Parameters<typeof openRoundNotice>[0],
  Awaited<ReturnType<typeof openRoundNotice>>
>().handler((input) => openRoundNotice(input));
