import middy from '@middy/core';
import type * as z from 'zod';
import type { ResponseTypes } from '#shared/api/responseTypes.ts';
import type { RouteSpec } from '#shared/api/routeSpec.ts';
import { NotFoundError } from '#shared/errors.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  jsonBody,
  pathParameter,
  type SignedIn,
} from '#shared/http/jsonApi.ts';
import type { Caller } from '#shared/identity.ts';
import type { ListPage } from '#shared/records/pagedList.ts';
import { xlsxContentType } from '#shared/spreadsheet/xlsxMediaType.ts';
import { parseInput } from '#shared/validation.ts';

/** The names in a path's `{braces}`: `'/people/{sub}/enable'` gives `'sub'`. */
type PathParameterNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParameterNames<Rest>
  : never;

type SuccessStatus = 200 | 201 | 202;

/** An answer other than the route's own status with a JSON body: another declared status, or headers. */
export class Reply {
  constructor(
    readonly status: SuccessStatus,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** What a route's success answers with: the type it names (a page of them for a paged route). */
type ResponseOf<Route extends RouteSpec> = Route extends {
  readonly response: infer Name extends keyof ResponseTypes;
}
  ? Route extends { readonly paged: true }
    ? ListPage<ResponseTypes[Name]>
    : ResponseTypes[Name]
  : unknown;

/** What a route's handler gets, each part typed from the route's declaration. */
export interface RouteRequest<Route extends RouteSpec> {
  readonly event: ApiEvent;
  /** The signed-in caller (resolved from their membership before the handler). */
  readonly caller: Route extends { readonly access: 'signed-in' } ? Caller : undefined;
  /**
   * The body, parsed by the route's schema when first read: a handler that checks the caller's
   * role first answers 403 before a bad body's 400.
   */
  readonly body: Route extends {
    readonly requestBody: () => Promise<infer Schema extends z.ZodType>;
  }
    ? z.output<Schema>
    : undefined;
  readonly path: Readonly<Record<PathParameterNames<Route['path']>, string>>;
  /** Answers with a success status the route declares, and headers. */
  readonly reply: (
    status: Extract<keyof Route['responses'], SuccessStatus>,
    body: ResponseOf<Route>,
    headers?: Readonly<Record<string, string>>,
  ) => Reply;
}

type RouteNamed<Routes extends readonly RouteSpec[], Name> = Extract<
  Routes[number],
  { readonly handler: Name }
>;

/** One handler for each route of the stage, by the route's `handler` name; none missing, none extra. */
export type StageHandlers<Routes extends readonly RouteSpec[]> = {
  readonly [Name in Routes[number]['handler']]: (
    request: RouteRequest<RouteNamed<Routes, Name>>,
  ) => Promise<ResponseOf<RouteNamed<Routes, Name>> | Reply>;
};

const textHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function resultOf(route: RouteSpec, answer: unknown): ApiResult {
  const { status, body, headers } = answer instanceof Reply ? answer : new Reply(route.status ?? 200, answer);
  if (route.produces === 'text/csv') {
    return {
      statusCode: status,
      headers: { 'content-type': 'text/csv; charset=utf-8', ...textHeaders, ...headers },
      body: String(body),
    };
  }
  if (route.produces === xlsxContentType && Buffer.isBuffer(body)) {
    // Binary bodies pass API Gateway base64-encoded.
    return {
      statusCode: status,
      headers: { 'content-type': xlsxContentType, ...textHeaders, ...headers },
      body: body.toString('base64'),
      isBase64Encoded: true,
    };
  }
  return json(status, body, { ...headers });
}

function requestFor(
  route: RouteSpec,
  event: ApiEvent,
  schema: z.ZodType | undefined,
): RouteRequest<RouteSpec> {
  let body: { value: unknown } | undefined;
  return {
    event,
    caller: route.access === 'signed-in' ? callerOf(event) : undefined,
    get body() {
      if (!schema) return undefined;
      body ??= { value: parseInput(schema, jsonBody(event)) };
      return body.value;
    },
    path: Object.fromEntries(
      [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => [name, pathParameter(event, name)]),
    ),
    reply: (status, replyBody, headers) => new Reply(status, replyBody, headers),
  } as RouteRequest<RouteSpec>;
}

/**
 * A stage's one HTTP function: the `jsonApi` middleware (with `signIn`, the caller and the second
 * factor; errors), then the handler of the route API Gateway matched (`event.routeKey`), given
 * what its declaration says.
 */
export function stageFunction(
  stageRoutes: readonly RouteSpec[],
  handlers: Record<string, (request: RouteRequest<RouteSpec>) => Promise<unknown>>,
  signIn?: (event: ApiEvent) => Promise<SignedIn | undefined>,
) {
  const byRouteKey = new Map<string, RouteSpec>(
    stageRoutes.map((route): [string, RouteSpec] => [`${route.method} ${route.path}`, route]),
  );
  return middy<ApiEvent, ApiResult>()
    .use(jsonApi(signIn))
    .handler(async (event) => {
      const route = byRouteKey.get(event.routeKey);
      const handler = route && handlers[route.handler];
      if (!route || !handler) throw new NotFoundError(`This function serves no route ${event.routeKey}`);
      const schema = await route.requestBody?.();
      return resultOf(route, await handler(requestFor(route, event, schema)));
    });
}

export type Handlers = Parameters<typeof stageFunction>[1];

/**
 * The function of a stage whose routes are all public: no request has a caller, so it does not
 * bundle the membership read and the second-factor check (DynamoDB, Cognito) it would never run.
 */
export function publicStageApi<const Routes extends readonly (RouteSpec & { readonly access: 'public' })[]>(
  stageRoutes: Routes,
  handlers: StageHandlers<Routes>,
) {
  return stageFunction(stageRoutes, handlers as unknown as Handlers);
}
