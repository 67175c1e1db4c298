import middy from '@middy/core';
import { notifyEnterprise } from '#shared/demand/demandWorkflow.ts';

/** Step Functions task: emails the enterprise about its demand, once. */
export const handler = middy<
  Parameters<typeof notifyEnterprise>[0],
  Awaited<ReturnType<typeof notifyEnterprise>>
>().handler((input) => notifyEnterprise(input));
