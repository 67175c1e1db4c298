import middy from '@middy/core';
import { openApiDocument } from '#shared/api/openapi.ts';
import { type ApiEvent, type ApiResult, json, jsonApi } from '#shared/http/jsonApi.ts';

const document = openApiDocument();

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async () => json(200, document));
