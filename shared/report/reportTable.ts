import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/clients.ts';
import { requireEnv } from '#shared/config.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';
import type { Report, ReportVersion, StoredReportVersion } from '#shared/report/model.ts';
import { reportIndexes } from '#shared/report/reportIndexes.ts';
import { awaitingSubmission } from '#shared/report/states.ts';

/** The one partition of the accepted-reports index. */
const acceptedPartition = 'accepted';

/** The report's index keys, derived from it on every write. */
const reportIndexKeys = (report: Report) => ({
  awaitingDue: awaitingSubmission.includes(report.state) ? report.due : undefined,
  acceptedPartition: report.state === 'accepted' ? acceptedPartition : undefined,
});

export const reportTable = new VersionedTable<Report>('REPORT_TABLE', 'report', reportIndexKeys);

/**
 * Each submitted version in its own item of the same table (no index attribute, so no index
 * sees it), written once before the workflow hears of it.
 */
export const reportVersionTable = new VersionedTable<StoredReportVersion>('REPORT_TABLE', 'report version');

/** The report's versions in full, in order, read from their own items. */
export async function readReportVersions(report: Report): Promise<ReportVersion[]> {
  return Promise.all(
    report.versions.map(async (summary) => {
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
    }),
  );
}

/** Where a page of the awaiting-by-due index starts: its LastEvaluatedKey (the report's id and its index keys). */
export type AwaitingDueCursor = Record<string, string>;

/**
 * One page of the reports still awaiting their submission that are due on `due` (one
 * partition of the sparse index), from `cursor`; `next` is where the following page starts,
 * absent after the last. Pages, not the whole partition: a day's reminders are a workflow
 * over pages, so however many reports fall due, no one read or task has to hold them all.
 */
export async function pageOfReportsAwaitingDue(
  due: string,
  cursor: AwaitingDueCursor | null,
  limit: number,
): Promise<{ reports: Report[]; next: AwaitingDueCursor | undefined }> {
  const page = await dynamo.send(
    new QueryCommand({
      TableName: requireEnv('REPORT_TABLE'),
      IndexName: reportIndexes.awaitingByDue,
      KeyConditionExpression: 'awaitingDue = :due',
      ExpressionAttributeValues: { ':due': due },
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const derived = Object.keys(reportIndexKeys({} as Report));
  const reports = (page.Items ?? []).map(
    (item) => Object.fromEntries(Object.entries(item).filter(([key]) => !derived.includes(key))) as Report,
  );
  return { reports, next: page.LastEvaluatedKey as AwaitingDueCursor | undefined };
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
