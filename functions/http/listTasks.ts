import middy from '@middy/core';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { listTasksForCaller } from '#shared/tasks/taskService.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { page } = listRequestOf(event, {});
    return json(200, await listTasksForCaller(callerOf(event), page));
  });
