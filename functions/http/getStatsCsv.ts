import middy from '@middy/core';
import { type ApiEvent, type ApiResult, callerOf, jsonApi } from '#shared/http/jsonApi.ts';
import { statisticsCsv } from '#shared/stats/statistics.ts';
import { statisticsFor } from '#shared/stats/statsService.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    callerOf(event);
    const year = event.queryStringParameters?.year;
    const csv = statisticsCsv(await statisticsFor(year));
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="commissioner-statistics${year ? `-${year}` : ''}.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
      // A byte-order mark, so spreadsheet programs read the Chinese names as UTF-8.
      body: `\uFEFF${csv}`,
    };
  });
