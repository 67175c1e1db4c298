import { now } from '#shared/clock.ts';
import { chinaDate } from '#shared/report/reminders.ts';
import { startReportReview } from '#shared/report/reportWorkflow.ts';
import { type PeriodOpening, scheduleReportPeriodOpening } from '#shared/scheduling/periodSchedules.ts';

/**
 * Whether a period opens at once rather than on a schedule: its first day has begun, in China
 * time, at `at`. Its schedule would name a moment already past (an agreement signed days after
 * its term began), which Scheduler refuses.
 */
export function opensAtOnce(start: string, at: Date): boolean {
  return start <= chinaDate(at);
}

/**
 * Opens a period whose first day has begun, by the same idempotent function its schedule
 * runs (one execution per period, however often it is called), and schedules the opening
 * of a period still to come.
 */
export async function openOrScheduleReportPeriod(opening: PeriodOpening): Promise<'opened' | 'scheduled'> {
  if (opensAtOnce(opening.start, now())) {
    await startReportReview(opening);
    return 'opened';
  }
  await scheduleReportPeriodOpening(opening);
  return 'scheduled';
}
