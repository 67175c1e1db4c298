import middy from '@middy/core';
import { publishRound } from '#shared/commendation/commendationWorkflow.ts';

/** Step Functions task: publishes the list and tells the commended. */
export const handler = middy<
  Parameters<typeof publishRound>[0],
  Awaited<ReturnType<typeof publishRound>>
>().handler((input) => publishRound(input));
