import middy from '@middy/core';
import { openRound } from '#shared/commendation/commendationService.ts';
import { openRoundSchema } from '#shared/commendation/schema.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const request = parseInput(openRoundSchema, jsonBody(event));
    return json(201, { round: await openRound(caller, request) });
  });
