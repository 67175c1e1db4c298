import middy from '@middy/core';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  jsonBody,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { completeTaskSchema } from '#shared/tasks/schema.ts';
import { completeTask } from '#shared/tasks/taskService.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const id = pathParameter(event, 'id');
    const { decision, reason, onBehalfOf } = parseInput(completeTaskSchema, jsonBody(event));
    return json(200, { task: await completeTask(caller, id, decision, reason, undefined, onBehalfOf) });
  });
