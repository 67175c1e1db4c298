import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { consoleContentSecurityPolicy } from '#infra/consoleHosting.ts';
import type { TemplateResolver } from '#local/cloudFormation.ts';
import type { LambdaHost } from '#local/lambdaHost.ts';
import { RouteThrottle, stageThrottlesOf } from '#local/routeThrottle.ts';
import { now } from '#shared/clock.ts';
import { errorResponse } from '#shared/http/errorResponse.ts';

interface LocalRoute {
  readonly routeKey: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  readonly functionArn: string;
  readonly authorized: boolean;
}

/** A route of the embedded runtime alone (sign-in, outbox, clock); it answers with JSON. */
export type LocalOnlyRoute = (request: {
  body: unknown;
  query: URLSearchParams;
}) => Promise<{ statusCode: number; body: unknown }>;

export interface LocalHttpApiOptions {
  readonly resolver: TemplateResolver;
  readonly lambdas: LambdaHost;
  /** Verifies a bearer token as the Cognito JWT authorizer would; undefined means 401. */
  readonly verifyToken: (authorization: string | undefined) => Promise<Record<string, unknown> | undefined>;
  readonly localRoutes: Readonly<Record<string, LocalOnlyRoute>>;
  /** The built console, served at `/`. */
  readonly consoleDirectory: string;
  /** Until everything is up every request gets 503, /health included. */
  readonly isReady: () => boolean;
}

/** Something served under a path of the runtime's own origin, reading the request itself. */
export interface MountedService {
  owns(pathname: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const consoleHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** The template's HTTP API routes, each tied to the function behind its integration. */
function routesOf(resolver: TemplateResolver): LocalRoute[] {
  const integrations = new Map(
    resolver
      .resourcesOfType('AWS::ApiGatewayV2::Integration')
      .map(([id, resource]) => [id, String(resolver.resolve(resource.Properties?.IntegrationUri))]),
  );
  return resolver.resourcesOfType('AWS::ApiGatewayV2::Route').map(([, resource]) => {
    const properties = resolver.resolve(resource.Properties) as {
      RouteKey: string;
      Target: string;
      AuthorizationType?: string;
    };
    const [method = '', path = ''] = properties.RouteKey.split(' ');
    const integrationId = properties.Target.replace(/^integrations\//, '');
    const functionArn = integrations.get(integrationId);
    if (!functionArn) throw new Error(`Route ${properties.RouteKey} has no integration ${integrationId}`);
    const parameterNames = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => String(name));
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)')}$`,
    );
    return {
      routeKey: properties.RouteKey,
      method,
      pattern,
      parameterNames,
      functionArn,
      authorized: properties.AuthorizationType === 'JWT',
    };
  });
}

/** API Gateway hands array claims to Lambda flattened to strings such as `[admin panel]`. */
function claimsAsApiGatewayPassesThem(
  claims: Record<string, unknown>,
): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : (value as string | number | boolean),
    ]),
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(JSON.stringify(body));
}

/**
 * The HTTP API on one machine: the routes the template gives API Gateway, each building
 * the same v2 event (with JWT claims as the authorizer passes them) for the same handler,
 * plus the local-only routes and the console's static files.
 */
export class LocalHttpApi {
  private readonly routes: LocalRoute[];
  private readonly throttle: RouteThrottle;
  private server: Server | undefined;
  private readonly mounted: MountedService[] = [];

  constructor(private readonly options: LocalHttpApiOptions) {
    this.routes = routesOf(options.resolver);
    this.throttle = new RouteThrottle(stageThrottlesOf(options.resolver));
  }

  async listen(port: number, host: string): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', url: request.url, error: String(error) }));
        if (!response.headersSent) sendJson(response, 500, errorResponse(error).body);
        else response.end();
      });
    });
    // Clients close their idle connections first (fetch after 4 s), so a request never meets a
    // connection the server closed under it, even when a busy event loop runs both timers at once.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  }

  /** Serves `service` on this origin (the identity provider, whose issuer is the runtime's address). */
  mount(service: MountedService): void {
    this.mounted.push(service);
  }

  private contentSecurityPolicy = consoleContentSecurityPolicy;

  /**
   * Lets the console's pages connect to `origin`. Deployed, the policy's `connect-src https:`
   * covers the file storage's endpoint; locally that endpoint is plain HTTP on loopback, so it
   * is named, and nothing else is added.
   */
  allowConnectionsTo(origin: string): void {
    const deployed = "connect-src 'self' https:";
    if (!consoleContentSecurityPolicy.includes(deployed)) {
      throw new Error(`The console's policy no longer says ${deployed}: say here what the local one adds`);
    }
    this.contentSecurityPolicy = consoleContentSecurityPolicy.replace(deployed, `${deployed} ${origin}`);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://local');
    // A mounted service is up once mounted: the runtime's own start-up makes accounts there.
    const service = this.mounted.find((candidate) => candidate.owns(url.pathname));
    if (service) {
      await service.handle(request, response);
      return;
    }
    if (!this.options.isReady()) {
      response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      response.end(
        JSON.stringify({ error: 'Starting', message: 'The system is starting; try again in a moment' }),
      );
      return;
    }
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    if (body === 'too-large') {
      sendJson(response, 413, { error: 'ValidationError', message: 'The body is larger than 1 MiB' });
      return;
    }

    const local = this.options.localRoutes[`${method} ${url.pathname}`];
    if (local) {
      let parsed: unknown;
      try {
        parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        sendJson(response, 400, {
          error: 'ValidationError',
          message: 'Some fields are invalid',
          fields: [{ field: '(body)', reason: 'is not valid JSON', code: 'notJson' }],
        });
        return;
      }
      try {
        const result = await local({ body: parsed, query: url.searchParams });
        sendJson(response, result.statusCode, result.body);
      } catch (error) {
        const { statusCode, body: errorBody } = errorResponse(error);
        sendJson(response, statusCode, errorBody);
      }
      return;
    }

    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      if (!this.throttle.take(route.routeKey)) {
        // API Gateway's own answer when a route's bucket is empty.
        sendJson(response, 429, { message: 'Too Many Requests' });
        return;
      }
      await this.invokeRoute(route, match, url, request, body, response);
      return;
    }

    if (method === 'GET' && !url.pathname.startsWith('/local/')) {
      await this.serveConsole(url.pathname, response);
      return;
    }
    sendJson(response, 404, { error: 'NotFound', message: `No route ${method} ${url.pathname}` });
  }

  private async invokeRoute(
    route: LocalRoute,
    match: RegExpExecArray,
    url: URL,
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
  ): Promise<void> {
    let claims: Record<string, unknown> | undefined;
    if (route.authorized) {
      claims = await this.options.verifyToken(request.headers.authorization);
      if (!claims) {
        sendJson(response, 401, {
          error: 'Unauthorized',
          message: 'Sign in first: the token is missing or invalid',
        });
        return;
      }
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : value,
      ]),
    ) as Record<string, string>;
    const at = now();
    const event = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(url.searchParams.size > 0 ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(route.parameterNames.length > 0
        ? {
            pathParameters: Object.fromEntries(
              route.parameterNames.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
            ),
          }
        : {}),
      ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: route.method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: route.routeKey,
        stage: '$default',
        time: at.toISOString(),
        timeEpoch: at.getTime(),
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: claimsAsApiGatewayPassesThem(claims ?? {}), scopes: [] },
        },
      },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    const result = (await this.options.lambdas.invoke(
      route.functionArn,
      event,
    )) as APIGatewayProxyStructuredResultV2;
    response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
    response.end(
      result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''),
    );
  }

  private async serveConsole(pathname: string, response: ServerResponse): Promise<void> {
    const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(this.options.consoleDirectory, relative);
    const content = file.startsWith(this.options.consoleDirectory)
      ? await readFile(file).catch(() => undefined)
      : undefined;
    if (!content) {
      sendJson(response, 404, { error: 'NotFound', message: `No route GET ${pathname}` });
      return;
    }
    response.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'content-security-policy': this.contentSecurityPolicy,
      ...consoleHeaders,
    });
    response.end(content);
  }
}
