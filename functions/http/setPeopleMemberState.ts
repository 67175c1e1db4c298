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
import { adminActor, setPersonState } from '#shared/membership/membershipService.ts';
import { membershipReasonSchema } from '#shared/membership/schema.ts';
import { parseInput } from '#shared/validation.ts';

/** `POST /people/{sub}/disable` and `/enable`: one function, the route saying which. */
export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    adminActor(caller);
    const { reason } = parseInput(membershipReasonSchema, jsonBody(event));
    const state = event.routeKey.endsWith('/disable') ? 'disabled' : 'active';
    return json(200, { person: await setPersonState(caller, pathParameter(event, 'sub'), state, reason) });
  });
