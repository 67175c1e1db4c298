import { addDays, chinaDayStart, millisecondsPerDay } from '#shared/chinaTime.ts';

/** When reports are chased: some days before the due date and on it; then the workflow escalates them overdue. */
export interface ReminderPolicy {
  /** Days before the due date to remind on; 0 is the due date itself. */
  readonly daysBefore: readonly number[];
  /** Days after the due date an unsubmitted report is overdue and escalated. */
  readonly overdueAfterDays: number;
}

export const defaultReminderPolicy: ReminderPolicy = { daysBefore: [7, 1, 0], overdueAfterDays: 14 };

/** Names a reminder within its period, so each is sent once: `reminder-7`. */
export function reminderKey(daysBefore: number): string {
  return `reminder-${daysBefore}`;
}

/**
 * The due dates whose reports are chased on `day`: a report due in 7 days gets its 7-day
 * reminder today. The job reads only those dates, so its reads grow with the reports due,
 * not with the table.
 */
export function dueDatesToChase(
  day: string,
  policy: ReminderPolicy = defaultReminderPolicy,
): { due: string; daysBefore: number }[] {
  return [...new Set(policy.daysBefore)].map((daysBefore) => ({ due: addDays(day, daysBefore), daysBefore }));
}

/** The instant a report not submitted by the end of the day `overdueAfterDays` after `due` (China time) falls overdue. */
export function overdueAt(due: string, policy: ReminderPolicy = defaultReminderPolicy): string {
  return chinaDayStart(addDays(due, policy.overdueAfterDays + 1)).toISOString();
}

/** After a dispute or a return the commissioner has at least this long to revise, even past the overdue date. */
export const revisionDays = 14;

/**
 * How long the workflow waits for a submission from `at`: until the report falls overdue, or
 * `revisionDays` for a revision if that is later. At least a minute, so a late start never waits 0.
 */
export function submissionWaitSeconds(report: { overdueAt: string }, at: Date, revising: boolean): number {
  const until = Date.parse(report.overdueAt);
  const revisionUntil = revising ? at.getTime() + revisionDays * millisecondsPerDay : 0;
  return Math.max(60, Math.ceil((Math.max(until, revisionUntil) - at.getTime()) / 1000));
}

/**
 * The programme's reminder policy from its configuration: `REMINDER_DAYS_BEFORE` (comma
 * separated, e.g. `7,1,0`) and `OVERDUE_AFTER_DAYS`; the defaults where unset.
 */
export function reminderPolicyFrom(
  environment: Readonly<Record<string, string | undefined>>,
): ReminderPolicy {
  const wholeDays = (text: string, name: string) => {
    const value = Number(text.trim());
    if (!Number.isSafeInteger(value) || value < 0 || value > 366) {
      throw new Error(`${name} must list whole numbers of days from 0 to 366, not ${JSON.stringify(text)}`);
    }
    return value;
  };
  const daysBefore = environment.REMINDER_DAYS_BEFORE;
  const overdueAfter = environment.OVERDUE_AFTER_DAYS;
  return {
    daysBefore: daysBefore
      ? [...new Set(daysBefore.split(',').map((day) => wholeDays(day, 'REMINDER_DAYS_BEFORE')))].sort(
          (a, b) => b - a,
        )
      : defaultReminderPolicy.daysBefore,
    overdueAfterDays: overdueAfter
      ? wholeDays(overdueAfter, 'OVERDUE_AFTER_DAYS')
      : defaultReminderPolicy.overdueAfterDays,
  };
}
