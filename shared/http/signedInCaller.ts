import type { ApiEvent, SignedIn } from '#shared/http/jsonApi.ts';
import { callerFromClaims, subjectOf } from '#shared/identity.ts';
import { needsSecondFactor } from '#shared/membership/secondFactor.ts';
import { hasSecondFactor } from '#shared/membership/secondFactorCheck.ts';
import { memberSigningIn } from '#shared/signIn/invitedSignIn.ts';

/**
 * The caller of a request with a token: one GetItem of their membership by the token's subject
 * (for a subject without one, one more for an invitation of their verified address, which their
 * first sign-in binds), and for a bureau or panel member the second-factor check. A module of its
 * own, given to `jsonApi` by the stages with signed-in routes, so a function with public routes
 * only bundles neither DynamoDB nor Cognito.
 */
export async function signedInCaller(event: ApiEvent): Promise<SignedIn | undefined> {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const sub = subjectOf(claims);
  if (!sub) return undefined;
  const caller = callerFromClaims(claims, await memberSigningIn(sub, claims));
  return { caller, secondFactor: !needsSecondFactor(caller) || (await hasSecondFactor(claims)) };
}
