import middy from '@middy/core';
import { listAgreementsForCaller } from '#shared/agreement/agreementService.ts';
import { agreementStates } from '#shared/agreement/states.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { page, filters } = listRequestOf(event, {
      states: agreementStates,
      year: true,
      organization: true,
    });
    return json(200, await listAgreementsForCaller(callerOf(event), filters, page));
  });
