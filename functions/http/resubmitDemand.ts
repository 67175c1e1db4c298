import middy from '@middy/core';
import { resubmitDemand } from '#shared/demand/demandService.ts';
import { resubmitDemandSchema } from '#shared/demand/schema.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  jsonBody,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const id = pathParameter(event, 'id');
    const request = parseInput(resubmitDemandSchema, jsonBody(event));
    return json(202, { demand: await resubmitDemand(caller, id, request) });
  });
