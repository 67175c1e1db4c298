import { openApiDocument } from '#shared/api/openapi.ts';
import { publicRoutes } from '#shared/api/routes/public.ts';
import { publicStageApi } from '#shared/http/stageFunction.ts';

const document = openApiDocument();

export const handler = publicStageApi(publicRoutes, {
  getHealth: async () => ({ status: 'ok' }),
  getOpenApi: async () => document,
});
