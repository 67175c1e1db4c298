import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '#shared/http/jsonApi.ts';

const loaded = vi.hoisted(() => ({ openApiModule: false }));

// Records when the document's module is loaded, and otherwise is the real module.
vi.mock('#shared/api/openapi.ts', async (importOriginal) => {
  loaded.openApiModule = true;
  return importOriginal();
});

const event = (routeKey: string): ApiEvent =>
  ({
    routeKey,
    rawPath: routeKey.split(' ')[1],
    headers: {},
    requestContext: { requestId: 'request-1', http: { method: routeKey.split(' ')[0] } },
  }) as unknown as ApiEvent;

describe('the public function', () => {
  it('loads the OpenAPI document module (every route schema) only when the document is asked for', async () => {
    // Arrange
    const { handler } = await import('#functions/http/public.ts');
    const context = { awsRequestId: 'request-1' } as Context;

    // Act
    const health = await handler(event('GET /health'), context);
    const beforeDocument = loaded.openApiModule;
    const document = await handler(event('GET /openapi.json'), context);

    // Assert
    expect(health.statusCode).toBe(200);
    expect(beforeDocument).toBe(false);
    expect(loaded.openApiModule).toBe(true);
    expect(document.statusCode).toBe(200);
    expect(JSON.parse(document.body ?? '{}').openapi).toMatch(/^3\./);
  });
});
