import middy from '@middy/core';
import { openAssessmentsSchema } from '#shared/assessment/schema.ts';
import { getAssessmentOpening } from '#shared/assessment/yearOpening.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { year } = parseInput(openAssessmentsSchema, { year: pathParameter(event, 'year') });
    return json(200, { opening: await getAssessmentOpening(callerOf(event), year) });
  });
