import middy from '@middy/core';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { parseLimit } from '#shared/http/pageCursor.ts';
import { adminActor, listPeople } from '#shared/membership/membershipService.ts';
import { peopleFilterSchema, peoplePageSize } from '#shared/membership/schema.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    adminActor(caller);
    const { limit, cursor, ...filters } = event.queryStringParameters ?? {};
    const filter = parseInput(peopleFilterSchema, filters);
    const page = { limit: parseLimit(limit, peoplePageSize), ...(cursor === undefined ? {} : { cursor }) };
    return json(200, await listPeople(caller, filter, page));
  });
