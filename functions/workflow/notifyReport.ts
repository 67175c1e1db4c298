import middy from '@middy/core';
import { notifyReport } from '#shared/report/reportWorkflow.ts';

/** Step Functions task: tells those concerned that a report was accepted, waived, or is overdue (once). */
export const handler = middy<
  Parameters<typeof notifyReport>[0],
  Awaited<ReturnType<typeof notifyReport>>
>().handler((input) => notifyReport(input));
