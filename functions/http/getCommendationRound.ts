import middy from '@middy/core';
import { getRoundForCaller } from '#shared/commendation/commendationService.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) =>
    json(200, { round: await getRoundForCaller(callerOf(event), pathParameter(event, 'id')) }),
  );
