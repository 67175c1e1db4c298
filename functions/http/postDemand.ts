import middy from '@middy/core';
import { postDemand } from '#shared/demand/demandService.ts';
import { demandFormSchema } from '#shared/demand/schema.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const form = parseInput(demandFormSchema, jsonBody(event));
    const { demand, replayed } = await postDemand(caller, form, event.headers['idempotency-key']);
    return json(replayed ? 200 : 201, { demand }, { location: `/demands/${demand.id}` });
  });
