import middy from '@middy/core';
import { notifyPanel } from '#shared/commendation/commendationWorkflow.ts';

/** Step Functions task: asks each panel member to score, once each. */
export const handler = middy<
  Parameters<typeof notifyPanel>[0],
  Awaited<ReturnType<typeof notifyPanel>>
>().handler((input) => notifyPanel(input));
