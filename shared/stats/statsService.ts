import { ValidationError } from '#shared/errors.ts';
import { listAcceptedReportCounts } from '#shared/report/reportTable.ts';
import {
  type AcceptedContribution,
  type ProgrammeStatistics,
  programmeStatistics,
} from '#shared/stats/statistics.ts';

/** The programme's statistics from its accepted reports, for all years or the one asked for. */
export async function statisticsFor(year?: string): Promise<ProgrammeStatistics> {
  if (year !== undefined && !/^\d{4}$/.test(year)) {
    throw new ValidationError([{ field: 'year', reason: 'must be a year written YYYY', code: 'yearFormat' }]);
  }
  const reports = year
    ? await listAcceptedReportCounts(`${year}-01-01`, `${year}-12-31`)
    : await listAcceptedReportCounts();
  const contributions: AcceptedContribution[] = reports.map((report) => ({
    reportId: report.id,
    start: report.start,
    end: report.end,
    commissionerId: report.commissioner.sub,
    commissionerName: report.commissioner.name,
    institution: report.institution.name,
    enterprise: report.enterprise.name,
    counts: report.acceptedCounts,
  }));
  return programmeStatistics(contributions);
}
