import { reportRoutes } from '#shared/api/routes/report.ts';
import { ValidationError } from '#shared/errors.ts';
import type { ApiEvent } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { stageApi } from '#shared/http/stageApi.ts';
import {
  compareReportVersions,
  getReportForCaller,
  listReportsForCaller,
  submitReport,
  waivePeriodBeforeOpening,
} from '#shared/report/reportService.ts';
import { reportStates } from '#shared/report/states.ts';
import { xlsxWorkbook } from '#shared/spreadsheet/workbook.ts';
import { statisticsCsv, summaryParagraph } from '#shared/stats/statistics.ts';
import {
  isReaderLanguage,
  type ReaderLanguage,
  readerLanguages,
  statisticsLabel,
} from '#shared/stats/statisticsLabels.ts';
import { statisticsSheets } from '#shared/stats/statisticsTables.ts';
import { statisticsFor } from '#shared/stats/statsService.ts';

/** A version number from the query string, or a 400 naming the parameter. */
function versionNumber(event: ApiEvent, name: 'from' | 'to'): number {
  const value = Number(event.queryStringParameters?.[name]);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError([
      { field: name, reason: 'must be a version number (1, 2, ...)', code: 'notAVersionNumber' },
    ]);
  }
  return value;
}

/** The `lang` the reader asked for, or a 400 naming it. */
function readerLanguage(event: ApiEvent): ReaderLanguage | undefined {
  const lang = event.queryStringParameters?.lang;
  if (lang === undefined || isReaderLanguage(lang)) return lang;
  throw new ValidationError([
    {
      field: 'lang',
      reason: `must be one of ${readerLanguages.join(', ')}`,
      code: 'notOneOf',
      params: { values: readerLanguages.join(', ') },
    },
  ]);
}

export const handler = stageApi(reportRoutes, {
  listReports: async ({ caller, event }) => {
    const agreementId = event.queryStringParameters?.agreementId;
    if (!agreementId)
      throw new ValidationError([{ field: 'agreementId', reason: 'is required', code: 'required' }]);
    const { page, filters } = listRequestOf(event, { states: reportStates, year: true });
    return listReportsForCaller(caller, agreementId, filters, page);
  },
  getReport: async ({ caller, path }) => ({ report: await getReportForCaller(caller, path.id) }),
  // 202: the workflow records the version after this answers; `report` is as it was read.
  submitReport: async ({ caller, path, body }) => submitReport(caller, path.id, body),
  waivePeriod: async ({ caller, path, body }) => ({
    report: await waivePeriodBeforeOpening(caller, path.id, body),
  }),
  compareReportVersions: async ({ caller, path, event }) => ({
    comparison: await compareReportVersions(
      caller,
      path.id,
      versionNumber(event, 'from'),
      versionNumber(event, 'to'),
    ),
  }),
  getStats: async ({ event }) => {
    const statistics = await statisticsFor(event.queryStringParameters?.year);
    return {
      statistics,
      summary: { 'zh-CN': summaryParagraph(statistics, 'zh-CN'), en: summaryParagraph(statistics, 'en') },
    };
  },
  getStatsCsv: async ({ event, reply }) => {
    const year = event.queryStringParameters?.year;
    const language = readerLanguage(event);
    const statistics = await statisticsFor(year);
    const csv = statisticsCsv(statistics, language ? statisticsLabel(language) : undefined);
    // A byte-order mark, so spreadsheet programs read the Chinese names as UTF-8.
    return reply(200, `\uFEFF${csv}`, {
      'content-disposition': `attachment; filename="commissioner-statistics${year ? `-${year}` : ''}.csv"`,
    });
  },
  getStatsWorkbook: async ({ event, reply }) => {
    const year = event.queryStringParameters?.year;
    const statistics = await statisticsFor(year);
    const workbook = xlsxWorkbook(
      statisticsSheets(statistics, statisticsLabel(readerLanguage(event) ?? 'zh-CN')),
    );
    return reply(200, workbook, {
      'content-disposition': `attachment; filename="commissioner-statistics${year ? `-${year}` : ''}.xlsx"`,
    });
  },
});
