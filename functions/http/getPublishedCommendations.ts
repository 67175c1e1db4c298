import middy from '@middy/core';
import { publishedList } from '#shared/commendation/commendationService.ts';
import { type ApiEvent, type ApiResult, json, jsonApi, pathParameter } from '#shared/http/jsonApi.ts';

/** Public: the published list of a round, for the public page. */
export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => json(200, await publishedList(pathParameter(event, 'id'))));
