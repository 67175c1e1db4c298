import { chinaDate } from '#shared/chinaTime.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import type { Report } from '#shared/report/model.ts';
import { dueDatesToChase, reminderKey, reminderPolicyFrom } from '#shared/report/reminders.ts';
import { type AwaitingDueCursor, pageOfReportsAwaitingDue } from '#shared/report/reportTable.ts';
import { reportTaskView } from '#shared/report/reportTasks.ts';

/**
 * Reports read per task. A page's reminders (a conditional write, an SES call and a write
 * each, ten at a time) take a few seconds in AWS, well inside the function's timeout; the
 * loop costs seven history events a page (the task's five, the Choice's two), so 10,000
 * reports due on one day take some 700 of an execution's 25,000.
 */
export const remindersPerPage = 100;
/** Reminders sent at once within a page: SES accounts allow a few sends a second to begin with. */
const parallelSends = 10;

/** Where the daily reminder workflow has got to: which of the day's due dates it reads, and where in it. */
export interface ReminderPosition {
  /** Index into the day's due dates (`dueDatesToChase`), in the policy's order. */
  readonly dateIndex: number;
  readonly cursor: AwaitingDueCursor | null;
  readonly pagesDone: number;
  /** Reports read so far. */
  readonly read: number;
  /** Reminders sent so far (a retried page counts only what its successful attempt sent). */
  readonly sent: number;
}

/**
 * The daily reminder workflow's state between pages: when the run was meant to be (the day
 * chased follows from it, the same for every page) and its position. Ids and a cursor, never
 * the reports themselves.
 */
export interface ReminderRun {
  /** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`, or the execution's start for a run by hand. */
  readonly scheduledTime: string;
  readonly position: ReminderPosition;
}

export interface ReminderPageResult extends ReminderRun {
  /** The day chased, in China. */
  readonly day: string;
  readonly more: boolean;
}

/** The run's day: the China date of the moment it was scheduled for. */
function dayOf(scheduledTime: string): string {
  const scheduled = new Date(scheduledTime);
  if (Number.isNaN(scheduled.getTime())) {
    throw new Error(`scheduledTime must be an ISO 8601 time, not ${JSON.stringify(scheduledTime)}`);
  }
  return chinaDate(scheduled);
}

/**
 * Workflow task: reminds the commissioners of the next page of reports still awaiting
 * submission that fall due on the dates chased on the run's day, then says where the next
 * page starts. A page fills up across dates (one date's last reports, then the next date's),
 * so a quiet day is one page. Every email is claimed with a conditional write first, so a
 * retried page, a second run of the day or two runs at once send nothing twice. (Overdue
 * escalation is the report workflow's own step, at the moment the report falls overdue; an
 * overdue report was due weeks before any date chased today.)
 */
export async function sendReminderPage({
  scheduledTime,
  position,
}: ReminderRun): Promise<ReminderPageResult> {
  const day = dayOf(scheduledTime);
  const dates = dueDatesToChase(day, reminderPolicyFrom(process.env));
  const due: { report: Report; daysBefore: number }[] = [];
  let { dateIndex, cursor } = position;
  for (let chased = dates[dateIndex]; chased && due.length < remindersPerPage; chased = dates[dateIndex]) {
    const { reports, next } = await pageOfReportsAwaitingDue(
      chased.due,
      cursor,
      remindersPerPage - due.length,
    );
    due.push(...reports.map((report) => ({ report, daysBefore: chased.daysBefore })));
    cursor = next ?? null;
    if (!next) dateIndex += 1;
  }
  let sent = 0;
  for (let from = 0; from < due.length; from += parallelSends) {
    const results = await Promise.all(
      due.slice(from, from + parallelSends).map(({ report, daysBefore }) => {
        const subject = reportTaskView('submit-report', report);
        return sendEmailOnce({
          dedupeKey: `${report.id}:${reminderKey(daysBefore)}`,
          to: [report.commissioner.email],
          template: 'report-reminder',
          params: { ...subject.emailParams, link: consoleLink(subject.consolePath), deadline: '' },
        });
      }),
    );
    sent += results.filter((result) => result === 'sent').length;
  }
  if (sent > 0) countEvent('reminderSent', sent);
  return {
    scheduledTime,
    position: {
      dateIndex,
      cursor,
      pagesDone: position.pagesDone + 1,
      read: position.read + due.length,
      sent: position.sent + sent,
    },
    day,
    more: dateIndex < dates.length,
  };
}
