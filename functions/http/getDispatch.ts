import middy from '@middy/core';
import { getDispatchForCaller } from '#shared/dispatch/dispatchService.ts';
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
    json(200, { dispatch: await getDispatchForCaller(callerOf(event), pathParameter(event, 'id')) }),
  );
