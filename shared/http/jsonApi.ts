import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { UnauthorizedError, ValidationError } from '#shared/errors.ts';
import { errorResponse } from '#shared/http/errorResponse.ts';
import type { Caller } from '#shared/identity.ts';
import { SecondFactorRequiredError } from '#shared/membership/secondFactor.ts';
import { endInvocationLog, logger, startInvocationLog } from '#shared/observability/logger.ts';

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
  if (!event.body) throw new ValidationError([{ field: '(body)', reason: 'is required', code: 'required' }]);
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: '(body)', reason: 'is not valid JSON', code: 'notJson' }]);
  }
}

/** Each signed-in request's caller, resolved by the middleware before the handler runs. */
const callers = new WeakMap<ApiEvent, Caller>();

/** The caller the middleware resolved from the token's subject and their membership. */
export function callerOf(event: ApiEvent): Caller {
  const caller = callers.get(event);
  if (!caller) throw new UnauthorizedError('Sign in first');
  return caller;
}

/** A signed-in request's caller, and whether their sign-in had the second factor their rights need. */
export interface SignedIn {
  readonly caller: Caller;
  readonly secondFactor: boolean;
}

/** Bureau and panel members' requests to GET /me whose sign-in had no second factor. */
const withoutSecondFactor = new WeakSet<ApiEvent>();

/** Whether the caller's rights need a second factor their sign-in did not have (only GET /me gets here so). */
export const lacksSecondFactor = (event: ApiEvent): boolean => withoutSecondFactor.has(event);

export function pathParameter(event: ApiEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value)
    throw new ValidationError([{ field: name, reason: 'is required in the path', code: 'required' }]);
  return value;
}

/**
 * Resolves a signed-in caller with `signIn` (`signedInCaller`, given by the stages with signed-in
 * routes) before the handler, so `callerOf` stays synchronous; a disabled member or an unverified
 * applicant is refused there, and here a bureau or panel member whose sign-in had no second
 * factor (but on GET /me). Without `signIn` no request has a caller.
 * Turns thrown domain errors into their HTTP responses and logs what is unexpected, each line
 * with the request's ids.
 */
export function jsonApi(
  signIn?: (event: ApiEvent) => Promise<SignedIn | undefined>,
): middy.MiddlewareObj<ApiEvent, ApiResult> {
  return {
    before: async (request) => {
      startInvocationLog(request.event, request.context);
      const signedIn = await signIn?.(request.event);
      if (!signedIn) return;
      const { caller, secondFactor } = signedIn;
      if (!secondFactor) {
        // GET /me still answers, so the console can ask for the second factor.
        if (request.event.routeKey !== 'GET /me') {
          throw new SecondFactorRequiredError(
            'Your role needs a second factor: sign in again with your authenticator app',
          );
        }
        withoutSecondFactor.add(request.event);
      }
      callers.set(request.event, caller);
    },
    after: () => endInvocationLog(),
    onError: async (request) => {
      const { statusCode, body } = errorResponse(request.error);
      if (statusCode === 500) {
        logger.error({ message: 'Unexpected error', route: request.event.routeKey }, request.error as Error);
      }
      endInvocationLog();
      request.response = json(statusCode, body);
    },
  };
}
