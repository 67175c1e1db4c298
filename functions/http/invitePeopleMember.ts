import middy from '@middy/core';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { adminActor, invitePerson } from '#shared/membership/membershipService.ts';
import { inviteSchema } from '#shared/membership/schema.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    adminActor(caller);
    const invitation = parseInput(inviteSchema, jsonBody(event));
    const { person, replayed } = await invitePerson(caller, invitation, event.headers['idempotency-key']);
    return json(replayed ? 200 : 201, { person }, { location: `/people/${person.sub}` });
  });
