import middy from '@middy/core';
import { listDispatchesForCaller } from '#shared/dispatch/dispatchService.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) =>
    json(200, { items: await listDispatchesForCaller(callerOf(event), event.queryStringParameters?.state) }),
  );
