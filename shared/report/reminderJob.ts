import { now } from '#shared/clock.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { chinaDate, dueDatesToChase, reminderKey, reminderPolicyFrom } from '#shared/report/reminders.ts';
import { listReportsAwaitingDue } from '#shared/report/reportTable.ts';
import { reportTaskView } from '#shared/report/reportTasks.ts';

export interface ReminderJobInput {
  /** When the schedule meant to run (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`); now if absent. */
  readonly scheduledTime?: string;
}

/**
 * The daily reminder job: reads the reports still awaiting submission that fall due on the
 * handful of dates chased today, and reminds each commissioner. Every email is claimed with
 * a conditional write first, so a second run (or two at once) sends nothing twice. (Overdue
 * escalation is the report workflow's own step, at the moment the report falls overdue.)
 */
export async function sendDueReminders(
  input: ReminderJobInput = {},
): Promise<{ day: string; read: number; sent: number }> {
  const scheduled = input.scheduledTime ? new Date(input.scheduledTime) : now();
  const day = chinaDate(Number.isNaN(scheduled.getTime()) ? now() : scheduled);
  let read = 0;
  let sent = 0;
  for (const { due, daysBefore } of dueDatesToChase(day, reminderPolicyFrom(process.env))) {
    const reports = await listReportsAwaitingDue(due);
    read += reports.length;
    // An overdue report was due weeks before any date chased today, so none is read here.
    for (const report of reports) {
      const subject = reportTaskView('submit-report', report);
      const result = await sendEmailOnce({
        dedupeKey: `${report.id}:${reminderKey(daysBefore)}`,
        to: [report.commissioner.email],
        template: 'report-reminder',
        params: { ...subject.emailParams, link: consoleLink(subject.consolePath), deadline: '' },
      });
      if (result === 'sent') sent += 1;
    }
  }
  return { day, read, sent };
}
