import middy from '@middy/core';
import { roundProgress } from '#shared/commendation/commendationWorkflow.ts';

/** Step Functions task: whether every expected panel score is in. */
export const handler = middy<
  Parameters<typeof roundProgress>[0],
  Awaited<ReturnType<typeof roundProgress>>
>().handler((input) => roundProgress(input));
