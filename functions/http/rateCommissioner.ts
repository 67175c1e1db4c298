import middy from '@middy/core';
import { rateCommissioner } from '#shared/assessment/assessmentService.ts';
import { ratingSchema } from '#shared/assessment/schema.ts';
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
    const rating = parseInput(ratingSchema, jsonBody(event));
    return json(202, { assessment: await rateCommissioner(caller, id, rating) });
  });
