import middy from '@middy/core';
import { observed } from '#shared/observability/logger.ts';
import { type ReminderPageResult, type ReminderRun, sendReminderPage } from '#shared/report/reminderJob.ts';

/** Step Functions task of the daily reminder workflow: reminds the commissioners of one page of due reports. */
export const handler = middy<ReminderRun, ReminderPageResult>()
  .use(observed())
  .handler((input) => sendReminderPage(input));
