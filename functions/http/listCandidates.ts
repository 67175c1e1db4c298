import middy from '@middy/core';
import { candidatesForDemand } from '#shared/demand/demandService.ts';
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
    json(200, { items: await candidatesForDemand(callerOf(event), pathParameter(event, 'id')) }),
  );
