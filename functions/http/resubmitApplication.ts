import middy from '@middy/core';
import { resubmitApplication } from '#shared/application/applicationService.ts';
import { resubmitApplicationSchema } from '#shared/application/schema.ts';
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
    const id = pathParameter(event, 'id');
    const request = parseInput(resubmitApplicationSchema, jsonBody(event));
    return json(202, { application: await resubmitApplication(caller, id, request) });
  });
