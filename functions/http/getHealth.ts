import middy from '@middy/core';
import { type ApiEvent, type ApiResult, json, jsonApi } from '#shared/http/jsonApi.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async () => json(200, { status: 'ok' }));
