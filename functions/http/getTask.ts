import middy from '@middy/core';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { getTaskForCaller } from '#shared/tasks/taskService.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) =>
    json(200, { task: await getTaskForCaller(callerOf(event), pathParameter(event, 'id')) }),
  );
