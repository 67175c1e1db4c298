import middy from '@middy/core';
import { fileObjection } from '#shared/dispatch/dispatchService.ts';
import { objectionSchema } from '#shared/dispatch/schema.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  jsonBody,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const { reason } = parseInput(objectionSchema, jsonBody(event));
    const { dispatch, created } = await fileObjection(caller, pathParameter(event, 'id'), reason);
    // 201 for a first objection; 200 when it edits the caller's standing one.
    return json(created ? 201 : 200, { dispatch });
  });
