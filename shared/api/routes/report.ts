import { pageQuery, pageRefusals, type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';
import { reportStates } from '#shared/report/states.ts';
import { xlsxContentType } from '#shared/spreadsheet/xlsxMediaType.ts';

export const reportRoutes = [
  {
    method: 'GET',
    path: '/reports',
    handler: 'listReports',
    response: 'ReportSummaryView',
    summary: 'A page of the report periods of an agreement, first period first, each with its status',
    access: 'signed-in',
    paged: true,
    query: {
      agreementId: { required: true, description: 'The agreement whose periods to list' },
      ...pageQuery({ state: reportStates, year: 'Only the periods that begin in this year (YYYY)' }),
    },
    responses: {
      200: 'A page of reports',
      400: `No agreementId; or ${pageRefusals[400].toLowerCase()}`,
      ...signedIn,
      404: 'No such agreement',
    },
  },
  {
    method: 'GET',
    path: '/reports/{id}',
    handler: 'getReport',
    response: 'ReportResponse',
    summary: "A period's report: every submitted version; its audit trail for the bureau",
    access: 'signed-in',
    responses: { 200: 'The report', ...signedIn, 404: 'No such report' },
  },
  {
    method: 'POST',
    path: '/reports/{id}/versions',
    handler: 'submitReport',
    response: 'ReportSubmitted',
    status: 202,
    summary:
      'The commissioner submits (or revises) the report of an open period; the enterprise is then asked to confirm it',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/report/schema.ts')).reportSubmissionSchema,
    responses: {
      202: 'Submitted; the workflow keeps it as a new version',
      400: 'Invalid counts, narrative or evidence, each field named',
      ...signedIn,
      404: 'No such report',
      409: 'The period is not open for a submission',
    },
  },
  {
    method: 'POST',
    path: '/reports/{id}/waiver',
    handler: 'waivePeriod',
    response: 'ReportResponse',
    summary:
      'The bureau waives a period before it opens: no report is asked for and nobody is reminded; the commissioner is told',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/report/schema.ts')).waivePeriodSchema,
    responses: {
      200: 'Waived',
      400: 'No reason, or one too long',
      ...signedIn,
      404: 'No such report',
      409: 'The period is open already (waive it from its task), or ended',
    },
  },
  {
    method: 'GET',
    path: '/reports/{id}/compare',
    handler: 'compareReportVersions',
    response: 'ReportComparison',
    summary: 'What changed between two versions of a report',
    access: 'signed-in',
    query: {
      from: { required: true, description: 'The earlier version number (1, 2, ...)' },
      to: { required: true, description: 'The later version number' },
    },
    responses: { 200: 'The changes', 400: 'Not versions of this report', ...signedIn, 404: 'No such report' },
  },
  {
    method: 'GET',
    path: '/stats',
    handler: 'getStats',
    response: 'StatisticsResponse',
    summary:
      'Programme statistics from accepted reports: totals, by year, by institution and by commissioner, with a summary paragraph in Chinese and English',
    access: 'signed-in',
    query: { year: { required: false, description: 'One year (YYYY) instead of all years' } },
    responses: { 200: 'The statistics', 400: 'Not a year', ...signedIn },
  },
  {
    method: 'GET',
    path: '/stats.csv',
    handler: 'getStatsCsv',
    summary: 'The same statistics as one CSV table',
    access: 'signed-in',
    produces: 'text/csv',
    query: {
      year: { required: false, description: 'One year (YYYY) instead of all years' },
      lang: {
        required: false,
        description: 'zh-CN or en: the header and the tables’ names in that language; ids without it',
      },
    },
    responses: {
      200: 'The statistics as CSV',
      400: 'Not a year, or a language other than zh-CN or en',
      ...signedIn,
    },
  },
  {
    method: 'GET',
    path: '/stats.xlsx',
    handler: 'getStatsWorkbook',
    summary: 'The same statistics as an Excel workbook, one sheet per table of the statistics page',
    access: 'signed-in',
    produces: xlsxContentType,
    query: {
      year: { required: false, description: 'One year (YYYY) instead of all years' },
      lang: { required: false, description: 'zh-CN (the default) or en: the sheets’ names and headers' },
    },
    responses: {
      200: 'The statistics as .xlsx',
      400: 'Not a year, or a language other than zh-CN or en',
      ...signedIn,
    },
  },
] as const satisfies readonly RouteSpec[];
