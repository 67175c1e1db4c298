import middy from '@middy/core';
import { openReportPeriod } from '#shared/agreement/reportPeriodTable.ts';

/** EventBridge Scheduler target: opens a report period on its first day. */
export const handler = middy<
  Parameters<typeof openReportPeriod>[0],
  Awaited<ReturnType<typeof openReportPeriod>>
>().handler((input) => openReportPeriod(input));
