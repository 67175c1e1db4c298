import middy from '@middy/core';
import { getDemandForCaller } from '#shared/demand/demandService.ts';
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
    json(200, { demand: await getDemandForCaller(callerOf(event), pathParameter(event, 'id')) }),
  );
