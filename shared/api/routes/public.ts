import { openRouteThrottle, type RouteSpec } from '#shared/api/routeSpec.ts';

export const publicRoutes = [
  {
    method: 'GET',
    path: '/health',
    throttle: openRouteThrottle,
    handler: 'getHealth',
    response: 'Health',
    summary: 'Answers 200 when the system is up',
    access: 'public',
    responses: { 200: 'Up', 429: 'Too many requests: try again later' },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    throttle: openRouteThrottle,
    handler: 'getOpenApi',
    response: 'OpenApiDocument',
    summary: 'This document',
    access: 'public',
    responses: { 200: 'The OpenAPI document', 429: 'Too many requests: try again later' },
  },
] as const satisfies readonly RouteSpec[];
