import * as z from 'zod';
import { routes } from '#shared/api/routes.ts';

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      enum: ['ValidationError', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'InternalError'],
    },
    message: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

/** A list's page: its items, and the cursor to the next page only when more remain. */
const pageSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: { type: 'object' } },
    nextCursor: {
      type: 'string',
      description: 'Opaque; pass it back as `cursor`, with the same filters, for the next page',
    },
  },
};

/** The OpenAPI 3 document, generated from the route list and the schemas that validate requests. */
export function openApiDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = { Error: errorSchema };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    let requestBody: Record<string, unknown> | undefined;
    if (route.requestBody) {
      const { definitions = {}, ...schema } = z.toJSONSchema(route.requestBody, {
        target: 'openapi-3.0',
        unrepresentable: 'any',
        override: () => undefined,
      }) as Record<string, unknown> & { definitions?: Record<string, unknown> };
      Object.assign(schemas, definitions);
      requestBody = { required: true, content: { 'application/json': { schema: fixRefs(schema) } } };
    }
    const parameters: {
      name: string;
      in: 'path' | 'query' | 'header';
      required: boolean;
      schema: { type: 'string' };
      description?: string;
    }[] = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    for (const [name, { required, description }] of Object.entries(route.query ?? {})) {
      parameters.push({ name, in: 'query', required, schema: { type: 'string' }, description });
    }
    if (route.idempotencyKey) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } });
    }
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, description]) => [
        status,
        Number(status) >= 400
          ? {
              description,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            }
          : route.produces === 'text/csv'
            ? { description, content: { 'text/csv': { schema: { type: 'string' } } } }
            : {
                description,
                content: { 'application/json': { schema: route.paged ? pageSchema : { type: 'object' } } },
              },
      ]),
    );
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.handler,
      summary: route.summary,
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  for (const [name, schema] of Object.entries(schemas)) schemas[name] = fixRefs(schema);
  return {
    openapi: '3.0.3',
    info: { title: 'Commissioner Workflows API', version: '1.0.0' },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

/** zod writes `#/definitions/X`; OpenAPI keeps shared schemas under components. */
function fixRefs(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"#/components/schemas/'));
}
