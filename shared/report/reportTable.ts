import { VersionedTable } from '#shared/records/versionedTable.ts';
import type { Report } from '#shared/report/model.ts';
import { reportIndexes } from '#shared/report/reportIndexes.ts';
import { awaitingSubmission } from '#shared/report/states.ts';

export const reportTable = new VersionedTable<Report>('REPORT_TABLE', 'report', (report) => ({
  awaitingDue: awaitingSubmission.includes(report.state) ? report.due : undefined,
}));

/** Every report still awaiting its submission that is due on `due`: one partition of the sparse index. */
export function listReportsAwaitingDue(due: string): Promise<Report[]> {
  return reportTable.queryAll(reportIndexes.awaitingByDue, 'awaitingDue', due);
}

/** An agreement's reports, first period first. */
export async function listReportsOfAgreement(agreementId: string): Promise<Report[]> {
  const reports = await reportTable.queryAll(reportIndexes.byAgreement, 'agreementId', agreementId);
  return reports.sort((a, b) => a.index - b.index);
}
