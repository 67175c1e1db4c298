import type { RouteSpec } from '#shared/api/routeSpec.ts';
import { signedInCaller } from '#shared/http/signedInCaller.ts';
import { type Handlers, type StageHandlers, stageFunction } from '#shared/http/stageFunction.ts';

/**
 * A stage's one HTTP function: the `jsonApi` middleware (caller, second factor, errors), then the
 * handler of the route API Gateway matched (`event.routeKey`), given what its declaration says.
 */
export function stageApi<const Routes extends readonly RouteSpec[]>(
  stageRoutes: Routes,
  handlers: StageHandlers<Routes>,
) {
  return stageFunction(stageRoutes, handlers as unknown as Handlers, signedInCaller);
}
