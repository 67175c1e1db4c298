import middy from '@middy/core';
import { type ReminderJobInput, sendDueReminders } from '#shared/report/reminderJob.ts';
import { publishOverdueTaskCount } from '#shared/tasks/overdueTasks.ts';

/**
 * EventBridge Scheduler target, daily: reminds commissioners of reports falling due, then
 * publishes how many tasks are open past their deadline (the bureau's alarm watches it).
 */
export const handler = middy<
  ReminderJobInput,
  Awaited<ReturnType<typeof sendDueReminders>> & { overdueTasks: number }
>().handler(async (input) => ({ ...(await sendDueReminders(input)), ...(await publishOverdueTaskCount()) }));
