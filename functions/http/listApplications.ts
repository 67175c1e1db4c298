import middy from '@middy/core';
import { listApplicationsForCaller } from '#shared/application/applicationService.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => json(200, { items: await listApplicationsForCaller(callerOf(event)) }));
