import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Agreement } from '#shared/agreement/model.ts';
import type { ReportPeriod } from '#shared/agreement/periods.ts';
import { now } from '#shared/clock.ts';
import { ConflictError } from '#shared/errors.ts';
import { systemActor } from '#shared/records/stagedRecord.ts';
import { type Report, reportIdFor } from '#shared/report/model.ts';
import { overdueAt, type ReminderPolicy } from '#shared/report/reminders.ts';
import { reportTable } from '#shared/report/reportTable.ts';
import { openOrScheduleReportPeriod } from '#shared/scheduling/periodOpening.ts';
import { cancelReportPeriodOpening } from '#shared/scheduling/periodSchedules.ts';

/** What a period's report record takes from its agreement and the programme's reminder policy. */
export function reportOfPeriod(agreement: Agreement, period: ReportPeriod, policy: ReminderPolicy) {
  return {
    ...period,
    id: reportIdFor(agreement.id, period.index),
    agreementId: agreement.id,
    commissioner: agreement.parties.commissioner,
    institution: agreement.parties.institution,
    enterprise: agreement.parties.enterprise,
    overdueAfterDays: policy.overdueAfterDays,
    overdueAt: overdueAt(period.due, policy),
  };
}

/** A period of `agreement` as a report record, scheduled until the clock opens it. */
export function scheduledReport(agreement: Agreement, period: ReportPeriod, policy: ReminderPolicy): Report {
  const at = now().toISOString();
  const ofPeriod = reportOfPeriod(agreement, period, policy);
  return {
    ...ofPeriod,
    versions: [],
    state: 'scheduled',
    version: 1,
    auditPages: 0,
    recentAudit: [
      {
        at,
        actor: systemActor,
        action: 'schedule',
        from: null,
        to: 'scheduled',
        eventId: `${ofPeriod.id}@${period.start}:schedule`,
      },
    ],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Writes each period's report and opens it: at once if its first day has begun, else by a
 * schedule on that day. Running it twice creates nothing twice (the report is created only
 * if absent; a schedule only once; a period's execution only once).
 */
export async function scheduleReports(
  agreement: Agreement,
  periods: readonly ReportPeriod[],
  policy: ReminderPolicy,
): Promise<void> {
  for (const period of periods) {
    const report = scheduledReport(agreement, period, policy);
    await reportTable.create(report);
    await openOrScheduleReportPeriod({ reportId: report.id, start: report.start });
  }
}

/**
 * Withdraws periods that have not opened (a cadence change replaces them, an early end drops
 * them): their schedules, then the records as read. A period waived before it opened goes with
 * them; its waiver was for a period that no longer exists.
 */
export async function withdrawScheduledReports(reports: readonly Report[]): Promise<void> {
  for (const report of reports) {
    await cancelReportPeriodOpening({ reportId: report.id, start: report.start });
    try {
      await reportTable.deleteUnchanged(report.id, report.version);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`Period ${report.index} opened meanwhile; reload and try again`, {
          code: 'changedMeanwhile',
        });
      }
      throw error;
    }
  }
}
