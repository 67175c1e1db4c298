import middy from '@middy/core';
import { listDemandsForCaller } from '#shared/demand/demandService.ts';
import { demandStates } from '#shared/demand/states.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { page, filters } = listRequestOf(event, { states: demandStates, year: true, organization: true });
    return json(200, await listDemandsForCaller(callerOf(event), filters, page));
  });
