import middy from '@middy/core';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listTasksForCaller } from '#shared/tasks/taskService.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => json(200, { items: await listTasksForCaller(callerOf(event)) }));
