import type { ConsoleConfig, OidcSignIn } from '#shared/consoleConfig.ts';

/**
 * Where the console runs, from `config.json` beside it: the API's address and the OpenID Connect
 * provider people sign in with. Every deployment, the embedded runtime included, publishes one; without
 * a valid one the console cannot sign anyone in, and says so rather than guessing.
 */
export type ConfigProblem =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly field: string };

let config: ConsoleConfig | undefined;

/** Loads `config.json`; what is wrong with it when the console cannot run on it. */
export async function loadDeploymentConfig(): Promise<ConfigProblem | undefined> {
  const response = await fetch('config.json', { cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok) return { kind: 'missing' };
  const parsed = parseConsoleConfig(await response.json().catch(() => undefined));
  if ('field' in parsed) return { kind: 'invalid', field: parsed.field };
  config = parsed.config;
  return undefined;
}

export function deploymentConfig(): ConsoleConfig {
  if (!config) throw new Error('config.json is not loaded');
  return config;
}

/**
 * Only the embedded runtime serves the API on the console's own origin (a cloud deployment's API has its
 * own address): its demo pages, such as the outbox, are offered there alone.
 */
export const isLocalRuntime = (): boolean => config?.apiUrl === '';

/** A config.json's content as a ConsoleConfig, or the first field that is missing or wrong. */
export function parseConsoleConfig(value: unknown): { config: ConsoleConfig } | { field: string } {
  if (!isRecord(value)) return { field: '(root)' };
  const { apiUrl, signIn } = value;
  if (typeof apiUrl !== 'string' || (apiUrl !== '' && !isWebUrl(apiUrl))) return { field: 'apiUrl' };
  if (!isRecord(signIn) || signIn.kind !== 'oidc') return { field: 'signIn.kind' };
  const urls = ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'redirectUri'] as const;
  for (const name of urls) {
    if (!isWebUrl(signIn[name])) return { field: `signIn.${name}` };
  }
  const {
    issuer,
    authorizationEndpoint,
    tokenEndpoint,
    redirectUri,
    endSessionEndpoint,
    clientId,
    scopes,
    secondFactorAcrValues,
    cognitoSecondFactorSetup,
  } = signIn as Record<(typeof urls)[number], string> & Record<string, unknown>;
  if (endSessionEndpoint !== undefined && !isWebUrl(endSessionEndpoint)) {
    return { field: 'signIn.endSessionEndpoint' };
  }
  if (typeof clientId !== 'string' || clientId.trim() === '') return { field: 'signIn.clientId' };
  // The ID token the API takes needs `openid`; the email it names needs `email`.
  if (
    !Array.isArray(scopes) ||
    !scopes.every(
      (scope): scope is string => typeof scope === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope),
    ) ||
    !scopes.includes('openid') ||
    !scopes.includes('email')
  ) {
    return { field: 'signIn.scopes' };
  }
  if (
    secondFactorAcrValues !== undefined &&
    (typeof secondFactorAcrValues !== 'string' || secondFactorAcrValues.trim() === '')
  ) {
    return { field: 'signIn.secondFactorAcrValues' };
  }
  let setup: { endpoint: string } | undefined;
  if (cognitoSecondFactorSetup !== undefined) {
    const endpoint = isRecord(cognitoSecondFactorSetup) ? cognitoSecondFactorSetup.endpoint : undefined;
    // The access token goes there: only ever over TLS.
    if (!isWebUrl(endpoint) || new URL(endpoint).protocol !== 'https:') {
      return { field: 'signIn.cognitoSecondFactorSetup.endpoint' };
    }
    // Cognito takes a person's own access token for these calls only with this scope.
    if (!scopes.includes('aws.cognito.signin.user.admin')) return { field: 'signIn.scopes' };
    setup = { endpoint };
  }
  const oidc: OidcSignIn = {
    kind: 'oidc',
    issuer,
    authorizationEndpoint,
    tokenEndpoint,
    ...(endSessionEndpoint === undefined ? {} : { endSessionEndpoint }),
    clientId,
    redirectUri,
    scopes,
    ...(secondFactorAcrValues === undefined ? {} : { secondFactorAcrValues }),
    ...(setup === undefined ? {} : { cognitoSecondFactorSetup: setup }),
  };
  return { config: { apiUrl: apiUrl.replace(/\/$/, ''), signIn: oidc } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWebUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
