import type { OpenApiDocument } from '#shared/api/responseTypes.ts';
import { publicRoutes } from '#shared/api/routes/public.ts';
import { publicStageApi } from '#shared/http/stageFunction.ts';

/**
 * Built on the first request for it, and its module imported then too: the module brings every
 * stage's route table and the response schemas, and the document every route's request schema
 * (zod), none of which a cold `GET /health` needs.
 */
let document: OpenApiDocument | undefined;

export const handler = publicStageApi(publicRoutes, {
  getHealth: async () => ({ status: 'ok' as const }),
  getOpenApi: async () => {
    document ??= await (await import('#shared/api/openapi.ts')).openApiDocument();
    return document;
  },
});
