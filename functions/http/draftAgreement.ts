import middy from '@middy/core';
import { draftAgreement } from '#shared/agreement/agreementService.ts';
import { draftAgreementSchema } from '#shared/agreement/schema.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi, jsonBody } from '#shared/http/jsonApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const agreement = await draftAgreement(caller, parseInput(draftAgreementSchema, jsonBody(event)));
    return json(201, { agreement }, { location: `/agreements/${encodeURIComponent(agreement.id)}` });
  });
