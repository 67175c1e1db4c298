import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { RouteSpec } from '#shared/api/routeSpec.ts';
import { ForbiddenError } from '#shared/errors.ts';
import type { ApiEvent } from '#shared/http/jsonApi.ts';
import { stageFunction } from '#shared/http/stageFunction.ts';

const context = { awsRequestId: 'request-1' } as Context;

const event = (routeKey: string, body?: unknown): ApiEvent =>
  ({
    routeKey,
    rawPath: routeKey.split(' ')[1],
    headers: {},
    requestContext: { requestId: 'request-1', http: { method: routeKey.split(' ')[0] } },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }) as unknown as ApiEvent;

/** A stage of two routes with bodies, whose schemas count how often each was loaded. */
function stage() {
  const loads = { rename: 0, close: 0 };
  const routes: RouteSpec[] = [
    {
      method: 'POST',
      path: '/things',
      handler: 'rename',
      summary: 'Renames',
      access: 'public',
      requestBody: async () => {
        loads.rename += 1;
        return z.strictObject({ name: z.string().min(1) });
      },
      responses: { 200: 'Renamed', 400: 'No name' },
    },
    {
      method: 'POST',
      path: '/things/close',
      handler: 'close',
      summary: 'Closes',
      access: 'public',
      requestBody: async () => {
        loads.close += 1;
        return z.strictObject({ reason: z.string() });
      },
      responses: { 200: 'Closed', 403: 'Not yours' },
    },
  ];
  const handler = stageFunction(routes, {
    rename: async ({ body }) => ({ renamed: (body as unknown as { name: string }).name }),
    close: async () => {
      throw new ForbiddenError('Not yours');
    },
  });
  return { loads, handler };
}

describe("a stage function's request schemas", () => {
  it("are loaded on a route's first request, not when the function is built, and only that route's", async () => {
    // Arrange
    const { loads, handler } = stage();
    const loadsWhenBuilt = { ...loads };

    // Act
    const answer = await handler(event('POST /things', { name: 'A' }), context);

    // Assert
    expect(loadsWhenBuilt).toEqual({ rename: 0, close: 0 });
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body ?? '{}')).toEqual({ renamed: 'A' });
    expect(loads).toEqual({ rename: 1, close: 0 });
  });

  it('validate the body: a bad one is a 400 naming the field', async () => {
    // Arrange
    const { handler } = stage();

    // Act
    const answer = await handler(event('POST /things', { name: '' }), context);

    // Assert
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body ?? '{}').fields).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('let a handler that refuses the caller first answer 403 before a bad body is read', async () => {
    // Arrange
    const { handler } = stage();

    // Act
    const answer = await handler(event('POST /things/close', { reason: 7 }), context);

    // Assert
    expect(answer.statusCode).toBe(403);
  });
});
