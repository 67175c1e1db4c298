import middy from '@middy/core';
import { type ReminderJobInput, sendDueReminders } from '#shared/report/reminderJob.ts';

/** EventBridge Scheduler target, daily: reminds commissioners of reports falling due and escalates overdue ones. */
export const handler = middy<ReminderJobInput, Awaited<ReturnType<typeof sendDueReminders>>>().handler(
  (input) => sendDueReminders(input),
);
