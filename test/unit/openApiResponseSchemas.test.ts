import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { responseSchemasFile, responseSchemasText } from '#shared/api/generateResponseSchemas.ts';
import { openApiDocument } from '#shared/api/openapi.ts';
import responseSchemas from '#shared/api/responseSchemas.json' with { type: 'json' };
import { routes } from '#shared/api/routes.ts';

type Json = Record<string, unknown>;

describe('the response schemas', () => {
  // The type checker reads the whole program: a few seconds on two cores.
  it('are those the response types give now (else run `npm run api:schemas` and commit the file)', {
    timeout: 120_000,
  }, () => {
    const committed = readFileSync(responseSchemasFile, 'utf8');
    expect(
      committed === responseSchemasText(),
      'shared/api/responseSchemas.json is stale: run `npm run api:schemas` and commit it',
    ).toBe(true);
  });

  it('each compile as JSON Schema', () => {
    const ajv = new Ajv({ allErrors: true });
    for (const [name, schema] of Object.entries(responseSchemas)) {
      expect(() => ajv.compile(schema), name).not.toThrow();
    }
  });

  it('require what a type requires and reject a wrong kind of value', () => {
    const validate = new Ajv().compile(responseSchemas.PublishedCommendations);
    expect(validate({ year: '2026', commended: [{ rank: 1, name: 'A', institution: 'B' }] })).toBe(true);
    expect(validate({ year: '2026' })).toBe(false);
    expect(validate({ year: 2026, commended: [] })).toBe(false);
  });
});

const document = await openApiDocument();

describe('the OpenAPI document', () => {
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, Json> }>>;
  const schemas = (document.components as { schemas: Record<string, Json> }).schemas;

  it.each(routes.map((route) => [route.method, route.path, route] as const))(
    'describes each 2xx of %s %s with its named response type',
    (method, path, route) => {
      const responses = paths[path]?.[method.toLowerCase()]?.responses ?? {};
      const successes = Object.entries(responses).filter(([status]) => Number(status) < 300);
      expect(successes.length).toBeGreaterThan(0);
      for (const [status, response] of successes) {
        const content = response.content as Record<string, { schema: Json }>;
        if (route.produces !== undefined) {
          expect(Object.keys(content), status).toEqual([route.produces]);
          continue;
        }
        expect(route.response, `${route.handler} names no response type`).toBeDefined();
        const schema = content['application/json']?.schema as Json;
        const items = (schema.properties as Record<string, { items?: Json }> | undefined)?.items;
        const ref = route.paged ? items?.items?.$ref : schema.$ref;
        expect(ref, status).toBe(`#/components/schemas/${route.response}`);
        expect(schemas[route.response as string], status).toBeDefined();
      }
    },
  );
});
