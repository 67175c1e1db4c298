import middy from '@middy/core';
import { planReportStep } from '#shared/report/reportWorkflow.ts';

/** Step Functions task: before a human step, whether to hand over to a successor execution, and how long to wait for the commissioner. */
export const handler = middy<
  Parameters<typeof planReportStep>[0],
  Awaited<ReturnType<typeof planReportStep>>
>().handler((input) => planReportStep(input));
