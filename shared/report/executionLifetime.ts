import type { ReminderPolicy } from '#shared/report/reminders.ts';

/*
 * A Standard execution ends after one year (AWS's hard quota). A report period's workflow can
 * wait far longer: a yearly period opens, falls due a year and ten days later, can be late
 * for months, and returns, disputes and unreviewed reports loop without bound. So no
 * execution is meant to carry a period to its end: before each human step the workflow
 * checks that the step, at its longest, still ends inside this execution's year; if not, it
 * hands over to a successor execution of the same period (input: only the report's id and
 * the step to resume at), which AWS documents as the way to continue a long-running workflow.
 * The submission wait, whose length the period decides, is cut at the handover point and
 * taken up again by the successor.
 */

const day = 86_400;

/** AWS's limit on a Standard execution's duration. */
export const executionLimitSeconds = 365 * day;

/**
 * Kept free at every handover check: one failed step waiting for the bureau's retry (7 days,
 * then 30 after a reminder) plus a day for the Lambda steps between waits.
 */
export const recoveryReserveSeconds = 38 * day;

/** The steps a successor execution can resume at. */
export const resumableSteps = ['submission', 'lateReport', 'confirmation', 'review'] as const;
export type ResumableStep = (typeof resumableSteps)[number];

/** Seconds from `startedAt` to the latest moment a step may end in this execution. */
function secondsLeft(startedAt: string, at: Date): number {
  return Math.floor(
    (Date.parse(startedAt) + (executionLimitSeconds - recoveryReserveSeconds) * 1000 - at.getTime()) / 1000,
  );
}

/** Whether a human step that lasts at most `stepSeconds` must go to a successor execution instead. */
export function mustHandOver(startedAt: string, at: Date, stepSeconds: number): boolean {
  return stepSeconds > secondsLeft(startedAt, at);
}

/**
 * The submission wait of this execution: the whole `wantedSeconds`, or what is left of the
 * execution's year (`capped`: its timeout is a handover, not the report falling overdue).
 * Less than a day left: hand over at once.
 */
export function plannedSubmissionWait(
  startedAt: string,
  at: Date,
  wantedSeconds: number,
): { seconds: number; capped: boolean; handOver: boolean } {
  const left = secondsLeft(startedAt, at);
  if (wantedSeconds <= left) return { seconds: wantedSeconds, capped: false, handOver: false };
  return { seconds: Math.max(60, left), capped: true, handOver: left < day };
}

/** The shortest time from a period's first day to its due date: a February month, due 10 days after its end. */
export const shortestPeriodToDueDays = 28 + 10 - 1;

export class ReportPolicyError extends Error {
  override readonly name = 'ReportPolicyError';
}

/**
 * Refuses a reminder policy that could not work, where the stack is synthesized and where
 * the local runtime starts, naming the setting and its limit. A reminder more days before
 * the due date than the shortest period runs would fall before its period opens, when no
 * report awaits it, and never be sent. `OVERDUE_AFTER_DAYS` needs no limit of its own here
 * (0 to 366, as `reminderPolicyFrom` reads it): however late the overdue date, the
 * submission wait is handed over from execution to execution.
 */
export function assertReminderPolicyWorks(policy: ReminderPolicy): void {
  const tooEarly = policy.daysBefore.filter((days) => days > shortestPeriodToDueDays);
  if (tooEarly.length > 0) {
    throw new ReportPolicyError(
      `REMINDER_DAYS_BEFORE (context reminderDaysBefore) must be at most ${shortestPeriodToDueDays} days: a monthly period opens ${shortestPeriodToDueDays} days before its due date at the latest, so a reminder ${tooEarly.join(', ')} days before would fall before the period opens and never be sent`,
    );
  }
}

/**
 * Refuses workflow deadlines under which one human step, at its longest, could not end
 * inside one execution's year even when it starts a new execution: no handover could help.
 */
export function assertStepsFitOneExecution(steps: Readonly<Record<string, number>>): void {
  const limit = executionLimitSeconds - recoveryReserveSeconds;
  for (const [step, seconds] of Object.entries(steps)) {
    if (seconds > limit) {
      throw new ReportPolicyError(
        `The report workflow's ${step} step lasts up to ${Math.ceil(seconds / day)} days; a step must end within ${limit / day} days of its execution's start (a Standard execution ends after ${executionLimitSeconds / day} days, ${recoveryReserveSeconds / day} kept for recovering a failed step)`,
      );
    }
  }
}
