import middy from '@middy/core';
import { recordReportStep } from '#shared/report/reportWorkflow.ts';

/** Step Functions task: applies one transition of a report (a submission is kept as a new version). */
export const handler = middy<
  Parameters<typeof recordReportStep>[0],
  Awaited<ReturnType<typeof recordReportStep>>
>().handler((input) => recordReportStep(input));
