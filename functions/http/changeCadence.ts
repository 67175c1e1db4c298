import middy from '@middy/core';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  jsonBody,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { changeCadence } from '#shared/report/cadenceChange.ts';
import { changeCadenceSchema } from '#shared/report/schema.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const change = parseInput(changeCadenceSchema, jsonBody(event));
    return json(200, { agreement: await changeCadence(caller, pathParameter(event, 'id'), change) });
  });
