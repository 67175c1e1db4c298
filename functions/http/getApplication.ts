import middy from '@middy/core';
import { getApplicationForCaller } from '#shared/application/applicationService.ts';
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
    json(200, { application: await getApplicationForCaller(callerOf(event), pathParameter(event, 'id')) }),
  );
