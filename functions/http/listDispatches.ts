import middy from '@middy/core';
import { listDispatchesForCaller } from '#shared/dispatch/dispatchService.ts';
import { dispatchStates } from '#shared/dispatch/states.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { page, filters } = listRequestOf(event, { states: dispatchStates, organization: true });
    return json(200, await listDispatchesForCaller(callerOf(event), filters, page));
  });
