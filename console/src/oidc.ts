import type { OidcSignIn } from '#shared/consoleConfig.ts';

/**
 * The OpenID Connect authorization code flow with PKCE as a public client (RFC 6749, RFC 7636,
 * OpenID Connect Core): the requests and the checks, apart from the browser that carries them out.
 */

/** What the console keeps between sending the reader to the provider and their coming back. */
export interface PendingSignIn {
  /** The PKCE code verifier; only its S256 challenge leaves the browser before the token request. */
  readonly verifier: string;
  /** Ties the provider's answer to this browser's request (no signing in someone else's code). */
  readonly state: string;
  /** Ties the ID token to this request (no replaying another sign-in's token). */
  readonly nonce: string;
  /** Whether this sign-in asks the provider for a second factor. */
  readonly secondFactor: boolean;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const randomText = (bytes: number) => base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

export function newPendingSignIn(secondFactor: boolean): PendingSignIn {
  // 32 bytes make a 43-character verifier, the shortest RFC 7636 allows.
  return { verifier: randomText(32), state: randomText(16), nonce: randomText(16), secondFactor };
}

/** The S256 code challenge of a verifier: BASE64URL(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * The provider's address that starts a sign-in. Asking for a second factor names the provider's
 * `acr_values` for it and `prompt=login`: a session the provider already has, from a sign-in
 * without one, would otherwise answer at once with the same single factor.
 */
export async function authorizationUrl(signIn: OidcSignIn, pending: PendingSignIn): Promise<string> {
  const url = new URL(signIn.authorizationEndpoint);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: signIn.clientId,
    redirect_uri: signIn.redirectUri,
    scope: signIn.scopes.join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  });
  if (pending.secondFactor && signIn.secondFactorAcrValues !== undefined) {
    query.set('acr_values', signIn.secondFactorAcrValues);
    query.set('prompt', 'login');
  }
  for (const [name, value] of query) url.searchParams.set(name, value);
  return url.href;
}

/** A pending sign-in as stored, or undefined when there is none or it is not one. */
export function parsePendingSignIn(stored: string | null): PendingSignIn | undefined {
  if (stored === null) return undefined;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== 'object' || value === null) return undefined;
    const { verifier, state, nonce, secondFactor } = value as Record<string, unknown>;
    return typeof verifier === 'string' &&
      typeof state === 'string' &&
      typeof nonce === 'string' &&
      typeof secondFactor === 'boolean'
      ? { verifier, state, nonce, secondFactor }
      : undefined;
  } catch {
    return undefined;
  }
}

export type Callback =
  | { readonly kind: 'none' }
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * What the query the provider sent the reader back with says: nothing (an ordinary visit), a code to
 * exchange, or why there is none to trust.
 */
export function callbackOf(
  query: URLSearchParams,
  pending: PendingSignIn | undefined,
  signIn: OidcSignIn,
): Callback {
  const code = query.get('code');
  const error = query.get('error');
  if (code === null && error === null) return { kind: 'none' };
  if (!pending || query.get('state') !== pending.state) return { kind: 'refused', reason: 'state' };
  // RFC 9207: a provider that names itself must be the one the console sent the reader to.
  const issuer = query.get('iss');
  if (issuer !== null && issuer !== signIn.issuer) return { kind: 'refused', reason: 'iss' };
  if (error !== null) return { kind: 'refused', reason: error };
  return code ? { kind: 'code', code } : { kind: 'refused', reason: 'code' };
}

/** The token request's body: the code and the verifier that proves this browser asked for it. */
export function tokenRequestBody(signIn: OidcSignIn, code: string, pending: PendingSignIn): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: signIn.clientId,
    code,
    redirect_uri: signIn.redirectUri,
    code_verifier: pending.verifier,
  });
}

/** A JWT's claims, read without verifying the signature (the API verifies it on every request). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which claim of the ID token makes it not this sign-in's: its issuer, its audience (the console's
 * client), or the nonce sent with the request. The signature and expiry are the API's to check.
 */
export function idTokenMismatch(
  token: string,
  signIn: OidcSignIn,
  pending: PendingSignIn,
): string | undefined {
  const claims = jwtClaims(token);
  if (!claims) return 'token';
  if (claims.iss !== signIn.issuer) return 'iss';
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(signIn.clientId)) return 'aud';
  if (claims.nonce !== pending.nonce) return 'nonce';
  return undefined;
}

/**
 * Where signing out ends the provider's session too (OpenID Connect RP-Initiated Logout 1.0), coming
 * back to the console; undefined when the provider has no such endpoint.
 */
export function endSessionUrl(signIn: OidcSignIn, idToken: string): string | undefined {
  if (signIn.endSessionEndpoint === undefined) return undefined;
  const url = new URL(signIn.endSessionEndpoint);
  url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('client_id', signIn.clientId);
  url.searchParams.set('post_logout_redirect_uri', signIn.redirectUri);
  // Cognito's /logout names the way back `logout_uri` and ignores the standard name; other providers ignore it.
  url.searchParams.set('logout_uri', signIn.redirectUri);
  return url.href;
}
