import { openApiDocument } from '#shared/api/openapi.ts';
import { publicRoutes } from '#shared/api/routes/public.ts';
import { publicStageApi } from '#shared/http/stageFunction.ts';

/** Built on the first request for it, so a cold `GET /health` does not pay for the whole API's schemas. */
let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = publicStageApi(publicRoutes, {
  getHealth: async () => ({ status: 'ok' as const }),
  getOpenApi: async () => {
    document ??= openApiDocument();
    return document;
  },
});
