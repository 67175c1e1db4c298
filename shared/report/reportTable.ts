import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { requireEnv } from '#shared/config.ts';
import type { OutcomeCounts } from '#shared/outcomes.ts';
import { inBatches } from '#shared/records/inBatches.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';
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
  // The counted version's counts at the top level, written with the acceptance: the index of
  // accepted reports projects them without the versions and the audit trail.
  acceptedCounts: report.state === 'accepted' ? report.versions.at(-1)?.counts : undefined,
});

export const reportTable = new StagedTable<Report>('REPORT_TABLE', 'report', reportIndexKeys);

/** An accepted report as the statistics read it. */
export interface AcceptedReportCounts {
  readonly id: string;
  readonly start: string;
  readonly end: string;
  readonly commissioner: Report['commissioner'];
  readonly institution: Report['institution'];
  readonly enterprise: Report['enterprise'];
  readonly acceptedCounts: OutcomeCounts;
}

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
      files: stored.files ?? [],
      submittedAt: stored.submittedAt,
      by: stored.by,
      ...(summary.confirmation ? { confirmation: summary.confirmation } : {}),
    };
  });
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
  const page = await reportTable.queryPage(reportIndexes.awaitingByDue, 'awaitingDue', due, {
    limit,
    ...(cursor ? { startKey: cursor } : {}),
  });
  return { reports: page.items, next: page.lastKey as AwaitingDueCursor | undefined };
}

/** An agreement's reports, first period first. */
export async function listReportsOfAgreement(agreementId: string): Promise<Report[]> {
  const reports = await reportTable.queryAll(reportIndexes.byAgreement, 'agreementId', agreementId);
  return reports.sort((a, b) => a.index - b.index);
}

/**
 * Every accepted report whose period ends between `from` and `to` (inclusive dates), earliest
 * first, as the index projects it: a few hundred bytes each, whatever its versions and audit
 * trail hold. A report accepted before the counts were written at the top level is in the
 * index (DynamoDB fills a new index from the items already there) without them: it is read
 * in full, as every report was before, so it still counts.
 */
export async function listAcceptedReportCounts(
  from = '0000-01-01',
  to = '9999-12-31',
): Promise<AcceptedReportCounts[]> {
  const found: AcceptedReportCounts[] = [];
  for await (const page of paginateQuery(
    { client: dynamo() },
    {
      TableName: requireEnv('REPORT_TABLE'),
      IndexName: reportIndexes.acceptedContributions,
      KeyConditionExpression: 'acceptedPartition = :accepted AND #end BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#end': 'end' },
      ExpressionAttributeValues: { ':accepted': acceptedPartition, ':from': from, ':to': to },
    },
  )) {
    for (const item of (page.Items ?? []) as (Omit<AcceptedReportCounts, 'acceptedCounts'> & {
      acceptedCounts?: OutcomeCounts;
    })[]) {
      const acceptedCounts = item.acceptedCounts ?? (await countsReadInFull(item.id));
      if (acceptedCounts) {
        const { id, start, end, commissioner, institution, enterprise } = item;
        found.push({ id, start, end, commissioner, institution, enterprise, acceptedCounts });
      }
    }
  }
  return found;
}

async function countsReadInFull(reportId: string): Promise<OutcomeCounts | undefined> {
  const report = await reportTable.get(reportId);
  return report?.state === 'accepted' ? report.versions.at(-1)?.counts : undefined;
}
