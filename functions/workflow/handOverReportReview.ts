import middy from '@middy/core';
import { handOverReportReview } from '#shared/report/reportWorkflow.ts';

/** Step Functions task: starts the execution that takes the report period over before this one's year ends. */
export const handler = middy<
  Parameters<typeof handOverReportReview>[0],
  Awaited<ReturnType<typeof handOverReportReview>>
>().handler((input) => handOverReportReview(input));
