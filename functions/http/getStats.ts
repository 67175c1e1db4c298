import middy from '@middy/core';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { summaryParagraph } from '#shared/stats/statistics.ts';
import { statisticsFor } from '#shared/stats/statsService.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    callerOf(event);
    const statistics = await statisticsFor(event.queryStringParameters?.year);
    return json(200, {
      statistics,
      summary: { 'zh-CN': summaryParagraph(statistics, 'zh-CN'), en: summaryParagraph(statistics, 'en') },
    });
  });
