import middy from '@middy/core';
import { listRoundsForCaller } from '#shared/commendation/commendationService.ts';
import { roundStates } from '#shared/commendation/states.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { page, filters } = listRequestOf(event, { states: roundStates, year: true });
    return json(200, await listRoundsForCaller(callerOf(event), filters, page));
  });
