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
import { listRequestOf } from '#shared/http/listRequest.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { page } = listRequestOf(event, {});
    return json(200, await candidatesForDemand(callerOf(event), pathParameter(event, 'id'), page));
  });
