import middy from '@middy/core';
import { recordRoundStep } from '#shared/commendation/commendationWorkflow.ts';

/** Step Functions task: applies one transition of a commendation round (closing the scoring ranks the nominees). */
export const handler = middy<
  Parameters<typeof recordRoundStep>[0],
  Awaited<ReturnType<typeof recordRoundStep>>
>().handler((input) => recordRoundStep(input));
