import middy from '@middy/core';
import { assessmentPageSize, listAssessmentsForCaller } from '#shared/assessment/assessmentService.ts';
import { ValidationError } from '#shared/errors.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { parseLimit } from '#shared/http/pageCursor.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const { year, limit, cursor } = event.queryStringParameters ?? {};
    if (!year || !/^\d{4}$/.test(year)) {
      throw new ValidationError([{ field: 'year', reason: 'is required, written YYYY' }]);
    }
    const page = {
      limit: parseLimit(limit, assessmentPageSize),
      ...(cursor === undefined ? {} : { cursor }),
    };
    return json(200, await listAssessmentsForCaller(caller, year, page));
  });
