import type { ReportPeriod } from '#shared/agreement/periods.ts';
import type { OutcomeCounts } from '#shared/outcomes.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';
import type { Evidence } from '#shared/report/schema.ts';
import type { ReportAction, ReportState } from '#shared/report/states.ts';

/** One submission of a period's report. Every version is kept, so any two can be compared. */
export interface ReportVersion {
  readonly number: number;
  readonly counts: OutcomeCounts;
  readonly narrative: string;
  readonly evidence: readonly Evidence[];
  readonly submittedAt: string;
  readonly by: ActorRef;
}

/**
 * A report period of an active agreement and its report, in one record: written when the
 * agreement activates (scheduled), opened by the clock on its first day.
 */
export interface Report extends StagedRecord<ReportState, ReportAction>, ReportPeriod {
  /** `<agreementId>.period-<index>`: safe in URLs and task ids. */
  readonly id: string;
  readonly agreementId: string;
  readonly commissioner: { readonly sub: string; readonly name: string; readonly email: string };
  readonly institution: { readonly name: string; readonly email: string };
  readonly enterprise: { readonly name: string; readonly email: string };
  /** Days after `due` an unsubmitted report falls overdue (the programme's policy when the period was written). */
  readonly overdueAfterDays: number;
  /** That instant: the end of the day `overdueAfterDays` after `due`, China time. */
  readonly overdueAt: string;
  readonly versions: readonly ReportVersion[];
}

export const reportIdFor = (agreementId: string, index: number) => `${agreementId}.period-${index}`;
