import middy from '@middy/core';
import { listApplicationsForCaller } from '#shared/application/applicationService.ts';
import { applicationStates } from '#shared/application/states.ts';
import { type ApiEvent, type ApiResult, callerOf, json, jsonApi } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const { page, filters } = listRequestOf(event, {
      states: applicationStates,
      year: true,
      organization: true,
    });
    return json(200, await listApplicationsForCaller(callerOf(event), filters, page));
  });
