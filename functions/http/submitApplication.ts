import middy from '@middy/core';
import { submitApplication } from '#shared/application/applicationService.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const form = parseInput(applicationFormSchema, jsonBody(event));
    const { application, replayed } = await submitApplication(caller, form, event.headers['idempotency-key']);
    return json(replayed ? 200 : 201, { application }, { location: `/applications/${application.id}` });
  });
