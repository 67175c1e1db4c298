import middy from '@middy/core';
import { proposeDispatch } from '#shared/dispatch/dispatchService.ts';
import { proposeDispatchSchema } from '#shared/dispatch/schema.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const dispatch = await proposeDispatch(caller, parseInput(proposeDispatchSchema, jsonBody(event)));
    return json(201, { dispatch }, { location: `/dispatches/${encodeURIComponent(dispatch.id)}` });
  });
