import middy from '@middy/core';
import { nominate } from '#shared/commendation/commendationService.ts';
import { nominationsSchema } from '#shared/commendation/schema.ts';
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
    const request = parseInput(nominationsSchema, jsonBody(event));
    return json(200, { round: await nominate(caller, id, request) });
  });
