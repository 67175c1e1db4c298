import { inBatches } from '#shared/records/inBatches.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';
import type { Report, ReportVersion, StoredReportVersion } from '#shared/report/model.ts';
import { reportIndexes } from '#shared/report/reportIndexes.ts';
import { awaitingSubmission } from '#shared/report/states.ts';

/** The one partition of the accepted-reports index. */
const acceptedPartition = 'accepted';

export const reportTable = new StagedTable<Report>('REPORT_TABLE', 'report', (report) => ({
  awaitingDue: awaitingSubmission.includes(report.state) ? report.due : undefined,
  acceptedPartition: report.state === 'accepted' ? acceptedPartition : undefined,
}));

/**
 * Each submitted version in its own item of the same table (no index attribute, so no index
 * sees it), written once before the workflow hears of it.
 */
export const reportVersionTable = new VersionedTable<StoredReportVersion>('REPORT_TABLE', 'report version');

/** Versions read at once. */
const versionsPerRead = 10;

/** The report's versions in full, in order, read from their own items. */
export async function readReportVersions(report: Report): Promise<ReportVersion[]> {
  return inBatches(report.versions, versionsPerRead, async (summary) => {
    const stored = await reportVersionTable.get(summary.versionId);
    if (!stored) throw new Error(`Version ${summary.versionId} of report ${report.id} is missing`);
    return {
      number: summary.number,
      counts: stored.counts,
      narrative: stored.narrative,
      evidence: stored.evidence,
      submittedAt: stored.submittedAt,
      by: stored.by,
    };
  });
}

/** Every report still awaiting its submission that is due on `due`: one partition of the sparse index. */
export function listReportsAwaitingDue(due: string): Promise<Report[]> {
  return reportTable.queryAll(reportIndexes.awaitingByDue, 'awaitingDue', due);
}

/** An agreement's reports, first period first. */
export async function listReportsOfAgreement(agreementId: string): Promise<Report[]> {
  const reports = await reportTable.queryAll(reportIndexes.byAgreement, 'agreementId', agreementId);
  return reports.sort((a, b) => a.index - b.index);
}

/** Every accepted report whose period ends between `from` and `to` (inclusive dates), earliest first. */
export function listAcceptedReports(from = '0000-01-01', to = '9999-12-31'): Promise<Report[]> {
  return reportTable.queryAll(reportIndexes.acceptedByEnd, 'acceptedPartition', acceptedPartition, {
    key: 'end',
    from,
    to,
  });
}
