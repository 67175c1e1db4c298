import type { ReportPeriod } from '#shared/agreement/periods.ts';
import type { AttachedFile } from '#shared/evidenceFiles/model.ts';
import type { OutcomeCounts } from '#shared/outcomes.ts';
import type { ImportMark } from '#shared/programmeImport/importMark.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';
import type { Evidence } from '#shared/report/schema.ts';
import type { ReportAction, ReportState } from '#shared/report/states.ts';

/**
 * The enterprise's answer to a version. When the bureau recorded it (a confirmation on paper),
 * `by` is the bureau's user and `by.onBehalfOf` names the enterprise and the bureau's reason.
 */
export interface VersionConfirmation {
  readonly decision: 'confirm' | 'dispute';
  readonly by: ActorRef;
  readonly at: string;
}

/** One submission of a period's report. Every version is kept, so any two can be compared. */
export interface ReportVersion {
  readonly number: number;
  readonly counts: OutcomeCounts;
  readonly narrative: string;
  readonly evidence: readonly Evidence[];
  /** The evidence files this version carries; a later version lists its own. */
  readonly files: readonly AttachedFile[];
  readonly submittedAt: string;
  readonly by: ActorRef;
  readonly confirmation?: VersionConfirmation;
}

/**
 * A submitted version as stored: its own item (a version can be about 160 KB of Chinese text,
 * so several in the report's item would pass DynamoDB's 400 KB), written before the workflow
 * is told of it, so the task's output carries only its id.
 */
export interface StoredReportVersion {
  /** `<reportId>.version-<completion id>`. */
  readonly id: string;
  readonly reportId: string;
  readonly counts: OutcomeCounts;
  readonly narrative: string;
  readonly evidence: readonly Evidence[];
  /** Absent on versions stored before files could be attached. */
  readonly files?: readonly AttachedFile[];
  readonly submittedAt: string;
  readonly by: ActorRef;
  /** Written once, never replaced. */
  readonly version: 1;
}

/** What the report's own item keeps of each version: its number, where it is, and the counts the statistics read. */
export interface ReportVersionSummary {
  readonly number: number;
  readonly versionId: string;
  readonly counts: OutcomeCounts;
  readonly submittedAt: string;
  readonly by: ActorRef;
  readonly confirmation?: VersionConfirmation;
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
  /** Each version's summary, in order; the narrative and evidence are in the version's own item. */
  readonly versions: readonly ReportVersionSummary[];
  /** Set on a period that ended before the system, brought in by an import. */
  readonly imported?: ImportMark;
}

export const reportIdFor = (agreementId: string, index: number) => `${agreementId}.period-${index}`;

export const reportVersionIdFor = (reportId: string, completionId: string) =>
  `${reportId}.version-${completionId}`;
