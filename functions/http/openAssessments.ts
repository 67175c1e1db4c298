import middy from '@middy/core';
import { openAssessmentsSchema } from '#shared/assessment/schema.ts';
import { openAssessmentYear } from '#shared/assessment/yearOpening.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const { year } = parseInput(openAssessmentsSchema, jsonBody(event));
    const opening = await openAssessmentYear(caller, year);
    const location = `/assessments/openings/${year}`;
    return json(202, { opening, location }, { location });
  });
