import middy from '@middy/core';
import { getAgreementForCaller } from '#shared/agreement/agreementService.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) =>
    json(200, { agreement: await getAgreementForCaller(callerOf(event), pathParameter(event, 'id')) }),
  );
