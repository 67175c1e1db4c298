import middy from '@middy/core';
import { listRoundsForCaller } from '#shared/commendation/commendationService.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => json(200, { items: await listRoundsForCaller(callerOf(event)) }));
