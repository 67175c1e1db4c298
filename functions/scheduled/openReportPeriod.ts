import middy from '@middy/core';
import { observed } from '#shared/observability/logger.ts';
import { startReportReview } from '#shared/report/reportWorkflow.ts';

/** EventBridge Scheduler target: on a period's first day, starts its report-review workflow (once). */
export const handler = middy<
  Parameters<typeof startReportReview>[0],
  Awaited<ReturnType<typeof startReportReview>>
>()
  .use(observed())
  .handler((input) => startReportReview(input));
