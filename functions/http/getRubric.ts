import middy from '@middy/core';
import { currentRubric } from '#shared/assessment/rubricService.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    callerOf(event);
    return json(200, await currentRubric());
  });
