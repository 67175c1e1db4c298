import middy from '@middy/core';
import { ValidationError } from '#shared/errors.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listReportsForCaller } from '#shared/report/reportService.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const agreementId = event.queryStringParameters?.agreementId;
    if (!agreementId) throw new ValidationError([{ field: 'agreementId', reason: 'is required' }]);
    return json(200, { items: await listReportsForCaller(callerOf(event), agreementId) });
  });
