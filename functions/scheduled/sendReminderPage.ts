import middy from '@middy/core';
import { type ReminderPageResult, type ReminderRun, sendReminderPage } from '#shared/report/reminderJob.ts';

/** Step Functions task of the daily reminder workflow: reminds the commissioners of one page of due reports. */
export const handler = middy<ReminderRun, ReminderPageResult>().handler((input) => sendReminderPage(input));
