import { ValidationException } from '@aws-sdk/client-scheduler';
import { chinaDate } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
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
 * of a period still to come. A schedule refused because its day began while it was being
 * asked for (midnight passing mid-call) is replaced by opening at once.
 */
export async function openOrScheduleReportPeriod(opening: PeriodOpening): Promise<'opened' | 'scheduled'> {
  if (!opensAtOnce(opening.start, now())) {
    try {
      await scheduleReportPeriodOpening(opening);
      return 'scheduled';
    } catch (error) {
      if (!(error instanceof ValidationException && opensAtOnce(opening.start, now()))) throw error;
    }
  }
  await startReportReview(opening);
  return 'opened';
}
