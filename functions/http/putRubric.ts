import middy from '@middy/core';
import { baseVersionFrom, setRubric } from '#shared/assessment/rubricService.ts';
import { rubricSchema } from '#shared/assessment/schema.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const rubric = parseInput(rubricSchema, jsonBody(event));
    return json(200, await setRubric(caller, rubric, baseVersionFrom(event.headers['if-match'])));
  });
