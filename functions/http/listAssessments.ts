import middy from '@middy/core';
import { listAssessmentsForCaller } from '#shared/assessment/assessmentService.ts';
import { ValidationError } from '#shared/errors.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const year = event.queryStringParameters?.year;
    if (!year || !/^\d{4}$/.test(year)) {
      throw new ValidationError([{ field: 'year', reason: 'is required, written YYYY' }]);
    }
    return json(200, { items: await listAssessmentsForCaller(caller, year) });
  });
