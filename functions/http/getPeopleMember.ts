import middy from '@middy/core';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { getPerson } from '#shared/membership/membershipService.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) =>
    json(200, { person: await getPerson(callerOf(event), pathParameter(event, 'sub')) }),
  );
