/**
 * Setting up an authenticator app (TOTP) for a Cognito user from the console, through the user pool's
 * JSON API with the person's own access token: the requests and the reading of the answers, apart from
 * the page. A pool whose MFA is optional never offers this on its own sign-in pages, yet asks the code at
 * every sign-in once the person has it.
 */

export type CognitoOperation = 'AssociateSoftwareToken' | 'VerifySoftwareToken' | 'SetUserMFAPreference';

/** The name the person's authenticator is registered under in Cognito, and the issuer their app shows. */
export const authenticatorName = 'Commissioner Workflows';

/** Why a step did not go through, as far as the person can act on it. */
export type CognitoFailure =
  /** The six-digit code was not the one the app should show now. */
  | { readonly kind: 'wrong-code' }
  /** The access token expired or was revoked: only signing in again gives a new one. */
  | { readonly kind: 'sign-in-again' }
  /** Anything else, by Cognito's error name (or `NetworkError`, `InvalidResponse`). */
  | { readonly kind: 'other'; readonly name: string };

export type CognitoResult<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly failure: CognitoFailure };

type Send = (url: string, init: RequestInit) => Promise<Response>;

/** A user pool API request: AWS JSON 1.1, the operation named in `x-amz-target`. */
export function cognitoRequest(operation: CognitoOperation, body: Record<string, unknown>): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  };
}

/**
 * An error's name from its `__type`, which AWS JSON protocols may qualify with a namespace before `#`
 * or follow with a `:` and a URL.
 */
export function errorName(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  const name = type
    .slice(type.lastIndexOf('#') + 1)
    .split(':')[0]
    ?.trim();
  return name ? name : undefined;
}

export function failureOf(name: string): CognitoFailure {
  switch (name) {
    // A code that is not the expected one: EnableSoftwareTokenMFAException is Cognito's way of saying
    // so when verifying is what enables the token.
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return { kind: 'wrong-code' };
    // Cognito's answer to an expired, revoked or otherwise unusable access token.
    case 'NotAuthorizedException':
      return { kind: 'sign-in-again' };
    default:
      return { kind: 'other', name };
  }
}

async function call(
  endpoint: string,
  operation: CognitoOperation,
  body: Record<string, unknown>,
  send: Send,
): Promise<CognitoResult<Record<string, unknown>>> {
  let response: Response;
  try {
    response = await send(endpoint, cognitoRequest(operation, body));
  } catch {
    return { ok: false, failure: { kind: 'other', name: 'NetworkError' } };
  }
  const answer: unknown = await response.json().catch(() => undefined);
  const record = typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? answer : undefined;
  if (response.ok) {
    return record
      ? { ok: true, value: record as Record<string, unknown> }
      : { ok: false, failure: { kind: 'other', name: 'InvalidResponse' } };
  }
  const name =
    errorName((record as { __type?: unknown } | undefined)?.__type) ??
    errorName(response.headers.get('x-amzn-errortype')) ??
    `HTTP ${response.status}`;
  return { ok: false, failure: failureOf(name) };
}

/**
 * Starts the setup: Cognito makes the person a new secret (base32, as authenticator apps take it; the
 * API's SecretCodeType is `[A-Za-z0-9]+`, at least 16 characters).
 */
export async function associateSoftwareToken(
  endpoint: string,
  accessToken: string,
  send: Send = fetch,
): Promise<CognitoResult<string>> {
  const result = await call(endpoint, 'AssociateSoftwareToken', { AccessToken: accessToken }, send);
  if (!result.ok) return result;
  const secret = result.value.SecretCode;
  return typeof secret === 'string' && /^[A-Za-z0-9]{16,}$/.test(secret)
    ? { ok: true, value: secret }
    : { ok: false, failure: { kind: 'other', name: 'InvalidResponse' } };
}

/** Proves the app has the secret: the code it shows now. */
export async function verifySoftwareToken(
  endpoint: string,
  accessToken: string,
  code: string,
  send: Send = fetch,
): Promise<CognitoResult<undefined>> {
  const result = await call(
    endpoint,
    'VerifySoftwareToken',
    { AccessToken: accessToken, UserCode: code, FriendlyDeviceName: authenticatorName },
    send,
  );
  if (!result.ok) return result;
  if (result.value.Status === 'SUCCESS') return { ok: true, value: undefined };
  return {
    ok: false,
    failure:
      result.value.Status === 'ERROR' ? { kind: 'wrong-code' } : { kind: 'other', name: 'InvalidResponse' },
  };
}

/** Turns the verified app on as the person's second factor, so Cognito asks its code at every sign-in. */
export async function preferSoftwareToken(
  endpoint: string,
  accessToken: string,
  send: Send = fetch,
): Promise<CognitoResult<undefined>> {
  const result = await call(
    endpoint,
    'SetUserMFAPreference',
    { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } },
    send,
  );
  return result.ok ? { ok: true, value: undefined } : result;
}

/**
 * The Key URI an authenticator app takes (`otpauth://totp/<issuer>:<account>?secret=…&issuer=…`), for
 * apps that accept it pasted or opened as a link.
 */
export function otpauthUri(account: string, secret: string, issuer = authenticatorName): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

/** The secret in groups of four, as it is easiest to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** The six digits the person typed, spaces allowed, or undefined when it is not six digits. */
export function sixDigitCode(typed: string): string | undefined {
  const code = typed.replace(/\s/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}

/**
 * What the console keeps between the sign-in that found no second factor and its setup: the ID token
 * for our API and the access token for Cognito's (which never goes to our API). It is kept for this tab
 * only (sessionStorage), never in localStorage.
 */
export interface PendingSetup {
  readonly idToken: string;
  readonly accessToken: string;
  readonly email: string;
}

/** A pending setup as stored, or undefined when there is none or it is not one. */
export function parsePendingSetup(stored: string | null): PendingSetup | undefined {
  if (stored === null) return undefined;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== 'object' || value === null) return undefined;
    const { idToken, accessToken, email } = value as Record<string, unknown>;
    return typeof idToken === 'string' && typeof accessToken === 'string' && typeof email === 'string'
      ? { idToken, accessToken, email }
      : undefined;
  } catch {
    return undefined;
  }
}
