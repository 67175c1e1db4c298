import middy from '@middy/core';
import { recordDemandStep } from '#shared/demand/demandWorkflow.ts';

/** Step Functions task: applies one transition of a demand, with its audit entry. */
export const handler = middy<
  Parameters<typeof recordDemandStep>[0],
  Awaited<ReturnType<typeof recordDemandStep>>
>().handler((input) => recordDemandStep(input));
