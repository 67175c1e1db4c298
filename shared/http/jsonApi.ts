import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ValidationError } from '#shared/errors.ts';
import { errorResponse } from '#shared/http/errorResponse.ts';
import { type Caller, callerFromClaims } from '#shared/identity.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

const apiHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return { statusCode, headers: { ...apiHeaders, ...headers }, body: JSON.stringify(body) };
}

/** The JSON body, or a 400 naming the body when it is not JSON. */
export function jsonBody(event: ApiEvent): unknown {
  if (!event.body) throw new ValidationError([{ field: '(body)', reason: 'is required' }]);
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: '(body)', reason: 'is not valid JSON' }]);
  }
}

export function callerOf(event: ApiEvent): Caller {
  return callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
}

export function pathParameter(event: ApiEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw new ValidationError([{ field: name, reason: 'is required in the path' }]);
  return value;
}

/** Turns thrown domain errors into their HTTP responses and logs what is unexpected. */
export function jsonApi(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  return {
    onError: async (request) => {
      const { statusCode, body } = errorResponse(request.error);
      if (statusCode === 500) {
        console.error(
          JSON.stringify({ level: 'error', route: request.event.routeKey, error: String(request.error) }),
        );
      }
      request.response = json(statusCode, body);
    },
  };
}
