import { createHash, randomBytes } from 'node:crypto';
import { totpCode } from '#local/totp.ts';
import { secondFactorAcr } from '#shared/consoleConfig.ts';

/**
 * Signs in through an OpenID Connect provider's own pages, as a person at the console does:
 * authorization code with PKCE, the provider's sign-in form, the code exchanged for tokens by
 * the console's public client. Answers the ID token (what the console sends the API).
 */
export async function signInThroughProvider(options: {
  /** The provider's issuer, e.g. `http://127.0.0.1:3000/oidc`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly email: string;
  readonly password: string;
  /** Ask the provider for a second factor (`acr_values`), as the console does for the bureau and panel. */
  readonly askSecondFactor?: boolean;
  /** The person's authenticator secret, when they have set one up. */
  readonly totpSecret?: string;
  /** Told the secret when the provider has the person set one up during this sign-in. */
  readonly onSecondFactorSetUp?: (secret: string) => void;
}): Promise<string> {
  const cookies = new Map<string, string>();
  const go = async (url: string, init: { method?: string; form?: Record<string, string> } = {}) => {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  const nextLocation = (response: Response) => {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`sign-in for ${options.email} stopped with ${response.status} at ${response.url}`);
    }
    return new URL(location, options.issuer).href;
  };

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const query = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: 'openid email',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...(options.askSecondFactor ? { acr_values: secondFactorAcr } : {}),
  });
  const interaction = nextLocation(await go(`${options.issuer}/auth?${query}`));
  let answer = await go(`${interaction}/login`, {
    method: 'POST',
    form: { email: options.email, password: options.password },
  });
  if (answer.status === 200) {
    // The second factor: set one up (the page shows the new secret), or give the current code.
    const html = await answer.text();
    const shown = /data-testid="totp-secret"[^>]*>([A-Z2-7]+)</.exec(html)?.[1];
    const secret = shown ?? options.totpSecret;
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!secret || !action)
      throw new Error(`sign-in for ${options.email} asks a second factor it has not got`);
    if (shown) options.onSecondFactorSetUp?.(shown);
    answer = await go(
      new URL(
        action.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
        options.issuer,
      ).href,
      {
        method: 'POST',
        form: { code: totpCode(secret, Date.now()) },
      },
    );
  }
  let location = nextLocation(answer);
  // The provider resumes the authorization, then sends the browser back to the console.
  const isRedirectUri = (url: string) => url.split('?')[0] === options.redirectUri;
  for (let hop = 0; !isRedirectUri(location) && hop < 5; hop += 1) {
    location = nextLocation(await go(location));
  }
  const back = new URL(location);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== state) {
    throw new Error(`sign-in for ${options.email} came back without a code: ${location}`);
  }
  const tokens = await fetch(`${options.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      client_id: options.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await tokens.json()) as { id_token?: string };
  if (!tokens.ok || !body.id_token) {
    throw new Error(
      `the token exchange for ${options.email} failed with ${tokens.status}: ${JSON.stringify(body)}`,
    );
  }
  return body.id_token;
}
