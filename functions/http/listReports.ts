import middy from '@middy/core';
import { ValidationError } from '#shared/errors.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { listReportsForCaller } from '#shared/report/reportService.ts';
import { reportStates } from '#shared/report/states.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const agreementId = event.queryStringParameters?.agreementId;
    if (!agreementId) throw new ValidationError([{ field: 'agreementId', reason: 'is required' }]);
    const { page, filters } = listRequestOf(event, { states: reportStates, year: true });
    return json(200, await listReportsForCaller(callerOf(event), agreementId, filters, page));
  });
