import middy from '@middy/core';
import { getAssessmentForCaller } from '#shared/assessment/assessmentService.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) =>
    json(200, { assessment: await getAssessmentForCaller(callerOf(event), pathParameter(event, 'id')) }),
  );
