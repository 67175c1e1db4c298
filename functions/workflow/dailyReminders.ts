import { sendReminderPage } from '#shared/report/reminderJob.ts';
import { publishOverdueTaskCount } from '#shared/tasks/overdueTasks.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The daily reminder workflow's steps, by the names its tasks give (`workflows/dailyReminders.ts`). */
export const dailyReminderSteps = {
  /** Reminds the commissioners of one page of due reports. */
  sendPage: sendReminderPage,
  /** The workflow's last: publishes how many tasks are open past their deadline (the operators' alarm watches it). */
  publishOverdueTasks: publishOverdueTaskCount,
};

/** Step Functions task function of the daily reminder workflow. */
export const handler = stageTaskHandler('daily reminder', dailyReminderSteps);
