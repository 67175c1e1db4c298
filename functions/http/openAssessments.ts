import middy from '@middy/core';
import { openAssessmentYear } from '#shared/assessment/assessmentService.ts';
import { openAssessmentsSchema } from '#shared/assessment/schema.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const { year } = parseInput(openAssessmentsSchema, jsonBody(event));
    return json(201, { items: await openAssessmentYear(caller, year) });
  });
