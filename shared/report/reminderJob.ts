import { listReportPeriodsDue } from '#shared/agreement/reportPeriodTable.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { chinaDate, defaultReminderPolicy, dueDatesToChase, nudgeKey } from '#shared/report/reminders.ts';

export interface ReminderJobInput {
  /** When the schedule meant to run (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`); now if absent. */
  readonly scheduledTime?: string;
}

/**
 * The daily reminder job: reads the periods due on the handful of dates that are chased
 * today, and sends each open period's reminder or overdue escalation. Every email is
 * claimed with a conditional write first, so a second run (or two at once) sends nothing twice.
 */
export async function sendDueReminders(
  input: ReminderJobInput = {},
): Promise<{ day: string; read: number; sent: number }> {
  const scheduled = input.scheduledTime ? new Date(input.scheduledTime) : now();
  const day = chinaDate(Number.isNaN(scheduled.getTime()) ? now() : scheduled);
  let read = 0;
  let sent = 0;
  for (const { due, nudge } of dueDatesToChase(day, defaultReminderPolicy)) {
    const periods = await listReportPeriodsDue(due);
    read += periods.length;
    for (const period of periods.filter((p) => p.state === 'open')) {
      const result = await sendEmailOnce({
        dedupeKey: `${period.id}:${nudgeKey(nudge)}`,
        to:
          nudge.kind === 'overdue'
            ? [requireEnv('BUREAU_EMAIL'), period.institutionEmail]
            : [period.commissionerEmail],
        template: nudge.kind === 'overdue' ? 'report-overdue' : 'report-reminder',
        params: {
          title: period.title,
          period: String(period.index),
          start: period.start,
          end: period.end,
          due: period.due,
          link: consoleLink(`agreements/${encodeURIComponent(period.agreementId)}`),
        },
      });
      if (result === 'sent') sent += 1;
    }
  }
  return { day, read, sent };
}
