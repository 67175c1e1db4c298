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
import { adminActor, changePerson } from '#shared/membership/membershipService.ts';
import { changeMembershipSchema } from '#shared/membership/schema.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    adminActor(caller);
    const change = parseInput(changeMembershipSchema, jsonBody(event));
    return json(200, { person: await changePerson(caller, pathParameter(event, 'sub'), change) });
  });
