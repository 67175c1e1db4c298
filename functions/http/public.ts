import { openApiDocument } from '#shared/api/openapi.ts';
import { publicRoutes } from '#shared/api/routes/public.ts';
import { stageApi } from '#shared/http/stageApi.ts';

const document = openApiDocument();

export const handler = stageApi(publicRoutes, {
  getHealth: async () => ({ status: 'ok' as const }),
  getOpenApi: async () => document,
});
