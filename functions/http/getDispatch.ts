import middy from '@middy/core';
import { getDispatchForCaller, objectionsForBureau } from '#shared/dispatch/dispatchService.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';

/** The route that pages a dispatch's objections: this function serves it too, to spare the stack a function. */
export const objectionsRouteKey = 'GET /dispatches/{id}/objections';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const id = pathParameter(event, 'id');
    if (event.routeKey === objectionsRouteKey) {
      const { page } = listRequestOf(event, {});
      return json(200, await objectionsForBureau(callerOf(event), id, page));
    }
    return json(200, { dispatch: await getDispatchForCaller(callerOf(event), id) });
  });
