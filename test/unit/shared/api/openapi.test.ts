import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '#shared/api/openapi.ts';
import { routes } from '#shared/api/routes.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';

type Json = Record<string, unknown>;

/** Every `$ref` anywhere in the value, with the path where it was found. */
function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => refsIn(item, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [{ at, ref: child }] : refsIn(child, `${at}/${key}`),
  );
}

function resolve(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined),
      document,
    );
}

describe('openApiDocument', () => {
  let document: Json;
  let paths: Record<string, Record<string, Json>>;
  let schemas: Record<string, Json>;

  beforeAll(async () => {
    document = await openApiDocument();
    paths = document.paths as typeof paths;
    schemas = (document.components as { schemas: typeof schemas }).schemas;
  });

  it('is an OpenAPI 3 document secured by a bearer token by default', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it.each(routes.map((route) => [route.method, route.path, route] as const))(
    'lists %s %s with its handler as operationId',
    (method, path, route) => {
      // Act
      const operation = paths[path]?.[method.toLowerCase()];

      // Assert
      expect(operation).toMatchObject({ operationId: route.handler, summary: route.summary });
    },
  );

  it('lists no operation that is not a route', () => {
    // Act
    const listed = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );

    // Assert
    expect(listed.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('marks exactly the public routes with an empty security list', () => {
    for (const route of routes) {
      const operation = paths[route.path]?.[route.method.toLowerCase()];
      if (route.access === 'public') {
        expect(operation?.security, `${route.method} ${route.path}`).toEqual([]);
      } else {
        expect(operation, `${route.method} ${route.path}`).not.toHaveProperty('security');
      }
    }
  });

  it('declares the query parameters of the routes that read them', () => {
    const compare = paths['/reports/{id}/compare']?.get?.parameters as Json[];
    expect(compare.filter((parameter) => parameter.in === 'query')).toEqual([
      expect.objectContaining({ name: 'from', required: true }),
      expect.objectContaining({ name: 'to', required: true }),
    ]);
    const dispatches = paths['/dispatches']?.get?.parameters as Json[];
    expect(dispatches).toContainEqual(
      expect.objectContaining({ name: 'state', in: 'query', required: false }),
    );
  });

  it('declares each path parameter of each route', () => {
    for (const route of routes) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      const parameters = (paths[route.path]?.[route.method.toLowerCase()]?.parameters ?? []) as Json[];
      for (const name of names) {
        expect(parameters, `${route.method} ${route.path}`).toContainEqual(
          expect.objectContaining({ name, in: 'path', required: true }),
        );
      }
    }
  });

  it('gives every route with a request body a required JSON body that refers to a named schema', () => {
    // Arrange
    const withBody = routes.filter((route) => route.requestBody);
    expect(withBody.length).toBeGreaterThan(0);

    for (const route of withBody) {
      // Act
      const body = paths[route.path]?.[route.method.toLowerCase()]?.requestBody as Json | undefined;
      const schema = (body?.content as Record<string, { schema: Json }> | undefined)?.['application/json']
        ?.schema;

      // Assert
      expect(body?.required, `${route.method} ${route.path}`).toBe(true);
      expect(schema?.$ref, `${route.method} ${route.path}`).toMatch(/^#\/components\/schemas\/\w+$/);
    }
  });

  it('has request bodies of submitApplication, resubmitApplication and completeTask as their own schemas', () => {
    const refOf = (path: string, method: string) =>
      refsIn(paths[path]?.[method]?.requestBody).map(({ ref }) => ref);

    expect(refOf('/applications', 'post')).toEqual(['#/components/schemas/ApplicationForm']);
    expect(refOf('/applications/{id}', 'put')).toEqual(['#/components/schemas/ResubmitApplication']);
    expect(refOf('/tasks/{id}/complete', 'post')).toEqual(['#/components/schemas/CompleteTask']);
  });

  it('has every $ref in the document resolve inside components.schemas', () => {
    // Act
    const refs = refsIn(document);
    const unresolved = refs.filter(
      ({ ref }) => !ref.startsWith('#/components/schemas/') || resolve(document, ref) === undefined,
    );

    // Assert
    expect(refs.length).toBeGreaterThan(0);
    expect(unresolved).toEqual([]);
  });

  it('requires every field of the application form in the ApplicationForm schema', () => {
    // Act
    const required = schemas.ApplicationForm?.required as string[] | undefined;

    // Assert
    expect([...(required ?? [])].sort()).toEqual(Object.keys(applicationFormSchema.shape).sort());
  });

  it('refers from ResubmitApplication.form to the ApplicationForm schema', () => {
    expect(refsIn(schemas.ResubmitApplication)).toContainEqual({
      at: '#/properties/form',
      ref: '#/components/schemas/ApplicationForm',
    });
  });

  it('describes errors with the Error schema', () => {
    const submit = paths['/applications']?.post?.responses as Record<string, Json>;
    expect(refsIn(submit['400']).map(({ ref }) => ref)).toEqual(['#/components/schemas/Error']);
  });

  it.each(routes.filter((route) => route.paged === true))(
    'pages $path: limit and cursor in, items and nextCursor out, and a 400 for them',
    (route) => {
      const operation = paths[route.path]?.get as Json;
      const names = (operation.parameters as { name: string; in: string }[])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name);
      expect(names).toEqual(expect.arrayContaining(['limit', 'cursor']));
      const ok = (operation.responses as Record<string, Json>)['200'] as Json;
      const schema = (ok.content as Record<string, { schema: Json }>)['application/json']?.schema as Json;
      expect(Object.keys(schema.properties as Json)).toEqual(['items', 'nextCursor']);
      expect((operation.responses as Record<string, Json>)['400']).toBeDefined();
    },
  );

  it("documents the filters of the bureau's lists", () => {
    for (const path of ['/applications', '/demands', '/agreements']) {
      const parameters = (paths[path]?.get?.parameters ?? []) as { name: string }[];
      const names = parameters.map((parameter) => parameter.name);
      expect(names, path).toEqual(expect.arrayContaining(['state', 'year', 'organization']));
    }
  });
});
