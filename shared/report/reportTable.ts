import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/clients.ts';
import { requireEnv } from '#shared/config.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';
import type { Report } from '#shared/report/model.ts';
import { reportIndexes } from '#shared/report/reportIndexes.ts';
import { awaitingSubmission } from '#shared/report/states.ts';

export const reportTable = new VersionedTable<Report>('REPORT_TABLE', 'report', (report) => ({
  awaitingDue: awaitingSubmission.includes(report.state) ? report.due : undefined,
  acceptedPartition: report.state === 'accepted' ? acceptedPartition : undefined,
}));

const acceptedPartition = 'accepted';

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
export async function listAcceptedReports(from = '0000-01-01', to = '9999-12-31'): Promise<Report[]> {
  const reports: Report[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: requireEnv('REPORT_TABLE'),
        IndexName: reportIndexes.acceptedByEnd,
        KeyConditionExpression: 'acceptedPartition = :accepted AND #end BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#end': 'end' },
        ExpressionAttributeValues: { ':accepted': acceptedPartition, ':from': from, ':to': to },
        ExclusiveStartKey: startKey,
      }),
    );
    reports.push(...((page.Items ?? []) as Report[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return reports;
}
