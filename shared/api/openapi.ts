import * as z from 'zod';
import responseSchemas from '#shared/api/responseSchemas.json' with { type: 'json' };
import type { OpenApiDocument } from '#shared/api/responseTypes.ts';
import { routes, type StagedRoute } from '#shared/api/routes.ts';
import { fieldProblemCodes, recordKinds, refusalCodes } from '#shared/errors.ts';

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      enum: ['ValidationError', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'InternalError'],
    },
    message: { type: 'string', description: 'What went wrong, in English' },
    code: {
      type: 'string',
      enum: refusalCodes,
      description:
        "A 403, 404 or 409's reason as a stable code to say in the reader's language, when it has one",
    },
    params: {
      type: 'object',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      description: `What the code's sentence names: \`record\` is one of ${recordKinds.join(', ')}`,
    },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason', 'code'],
        properties: {
          field: { type: 'string' },
          reason: { type: 'string', description: 'Why, in English' },
          code: {
            type: 'string',
            enum: fieldProblemCodes,
            description: "Why, as a stable code to say in the reader's language",
          },
          params: {
            type: 'object',
            additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
            description:
              "What the code's sentence names: a limit, the allowed values, the expected check character",
          },
        },
      },
    },
  },
};

/** A list's page: its items, and the cursor to the next page only when more remain. */
function pageSchema(item: Record<string, unknown>) {
  return {
    type: 'object',
    required: ['items'],
    properties: {
      items: { type: 'array', items: item },
      nextCursor: {
        type: 'string',
        description: 'Opaque; pass it back as `cursor`, with the same filters, for the next page',
      },
    },
  };
}

/** The schema of a route's success: its named response type, in a page for a paged route. */
export function successSchema(route: StagedRoute): Record<string, unknown> {
  if (!route.response) throw new Error(`${route.handler} names no response type`);
  const named = { $ref: `#/components/schemas/${route.response}` };
  return route.paged ? pageSchema(named) : named;
}

/**
 * The OpenAPI 3 document, generated from the route list, the schemas that validate requests and
 * those generated from the response types (`shared/api/responseSchemas.json`).
 */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const schemas: Record<string, unknown> = { Error: errorSchema, ...responseSchemas };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    let requestBody: Record<string, unknown> | undefined;
    if (route.requestBody) {
      const { definitions = {}, ...schema } = z.toJSONSchema(await route.requestBody(), {
        target: 'openapi-3.0',
        unrepresentable: 'any',
        override: () => undefined,
      }) as Record<string, unknown> & { definitions?: Record<string, unknown> };
      // Request schemas share definitions among themselves, never a name with a response type.
      for (const name of Object.keys(definitions)) {
        if (name in responseSchemas)
          throw new Error(`A request and a response schema are both named ${name}`);
      }
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
            : route.produces !== undefined
              ? {
                  description,
                  content: { [route.produces]: { schema: { type: 'string', format: 'binary' } } },
                }
              : {
                  description,
                  content: { 'application/json': { schema: successSchema(route) } },
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
