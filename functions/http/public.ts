import type { OpenApiDocument } from '#shared/api/responseTypes.ts';
import { publicRoutes } from '#shared/api/routes/public.ts';
import { publicStageApi } from '#shared/http/stageFunction.ts';

/**
 * Built on the first request for it. Imported then too: the document's module brings every
 * route's request schema (zod), whose construction a cold `GET /health` need not pay for.
 */
let document: OpenApiDocument | undefined;

export const handler = publicStageApi(publicRoutes, {
  getHealth: async () => ({ status: 'ok' as const }),
  getOpenApi: async () => {
    document ??= (await import('#shared/api/openapi.ts')).openApiDocument();
    return document;
  },
});
