import { describe, expect, it } from 'vitest';
import {
  authorizationUrl,
  callbackOf,
  codeChallenge,
  endSessionUrl,
  idTokenMismatch,
  newPendingSignIn,
  type PendingSignIn,
  parsePendingSignIn,
  tokenRequestBody,
} from '#console/src/oidc.ts';
import type { OidcSignIn } from '#shared/consoleConfig.ts';

const signIn: OidcSignIn = {
  kind: 'oidc',
  issuer: 'http://127.0.0.1:3000/oidc',
  authorizationEndpoint: 'http://127.0.0.1:3000/oidc/auth',
  tokenEndpoint: 'http://127.0.0.1:3000/oidc/token',
  endSessionEndpoint: 'http://127.0.0.1:3000/oidc/session/end',
  clientId: 'commissioner-console',
  redirectUri: 'http://127.0.0.1:3000/',
  scopes: ['openid', 'email'],
};
const pending: PendingSignIn = {
  verifier: 'v'.repeat(43),
  state: 'state-1',
  nonce: 'nonce-1',
  secondFactor: false,
};

/** An unsigned JWT with these claims: the console reads claims, the API checks signatures. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

describe('PKCE and the pending sign-in', () => {
  it('derives the S256 challenge of RFC 7636’s example', async () => {
    await expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a fresh verifier, state and nonce each time, the verifier of a length RFC 7636 allows', () => {
    // Act
    const first = newPendingSignIn(false);
    const second = newPendingSignIn(true);

    // Assert
    expect(first.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(second.verifier).not.toBe(first.verifier);
    expect(second.state).not.toBe(first.state);
    expect(second.nonce).not.toBe(first.nonce);
    expect([first.secondFactor, second.secondFactor]).toEqual([false, true]);
  });

  it('reads back only a whole pending sign-in', () => {
    expect(parsePendingSignIn(JSON.stringify(pending))).toEqual(pending);
    expect(parsePendingSignIn(null)).toBeUndefined();
    expect(parsePendingSignIn('{"verifier":"v","state":"s","nonce":"n"}')).toBeUndefined();
    expect(parsePendingSignIn('not json')).toBeUndefined();
  });
});

describe('authorizationUrl', () => {
  it('asks for a code with the S256 challenge, state, nonce and the configured scopes', async () => {
    // Act
    const url = new URL(await authorizationUrl(signIn, pending));

    // Assert
    expect(`${url.origin}${url.pathname}`).toBe(signIn.authorizationEndpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'commissioner-console',
      redirect_uri: 'http://127.0.0.1:3000/',
      scope: 'openid email',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: await codeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
  });

  it('asks for the second factor by the provider’s acr_values, signing in afresh', async () => {
    // Arrange
    const acr = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';

    // Act
    const url = new URL(
      await authorizationUrl({ ...signIn, secondFactorAcrValues: acr }, { ...pending, secondFactor: true }),
    );

    // Assert
    expect(url.searchParams.get('acr_values')).toBe(acr);
    expect(url.searchParams.get('prompt')).toBe('login');
  });

  it('asks for no second factor unless the sign-in is for one and the provider names how', async () => {
    const acr = 'urn:example:mfa';
    const plain = new URL(await authorizationUrl({ ...signIn, secondFactorAcrValues: acr }, pending));
    const unnamed = new URL(await authorizationUrl(signIn, { ...pending, secondFactor: true }));
    for (const url of [plain, unnamed]) {
      expect(url.searchParams.has('acr_values')).toBe(false);
      expect(url.searchParams.has('prompt')).toBe(false);
    }
  });

  it('keeps a query the authorization endpoint already has', async () => {
    // Act
    const url = new URL(
      await authorizationUrl(
        { ...signIn, authorizationEndpoint: 'https://id.example.com/authorize?tenant=t1' },
        pending,
      ),
    );

    // Assert
    expect(url.searchParams.get('tenant')).toBe('t1');
    expect(url.searchParams.get('state')).toBe('state-1');
  });
});

describe('callbackOf', () => {
  const query = (params: Record<string, string>) => new URLSearchParams(params);

  it('is nothing on an ordinary visit', () => {
    expect(callbackOf(query({}), pending, signIn)).toEqual({ kind: 'none' });
  });

  it('gives the code when the state is this browser’s and the issuer the configured one', () => {
    expect(callbackOf(query({ code: 'c1', state: 'state-1', iss: signIn.issuer }), pending, signIn)).toEqual({
      kind: 'code',
      code: 'c1',
    });
    expect(callbackOf(query({ code: 'c1', state: 'state-1' }), pending, signIn)).toEqual({
      kind: 'code',
      code: 'c1',
    });
  });

  it.each([
    ['another state', { code: 'c1', state: 'state-2' }, pending, 'state'],
    ['no sign-in started here', { code: 'c1', state: 'state-1' }, undefined, 'state'],
    [
      'another issuer (mix-up)',
      { code: 'c1', state: 'state-1', iss: 'https://evil.example' },
      pending,
      'iss',
    ],
    ['the provider’s error', { error: 'access_denied', state: 'state-1' }, pending, 'access_denied'],
    ['an empty code', { code: '', state: 'state-1' }, pending, 'code'],
  ])('refuses %s', (_case, params, started, reason) => {
    expect(callbackOf(query(params), started, signIn)).toEqual({ kind: 'refused', reason });
  });
});

describe('tokenRequestBody', () => {
  it('sends the code with the verifier and the same redirect address, no secret', () => {
    expect(Object.fromEntries(tokenRequestBody(signIn, 'c1', pending))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'commissioner-console',
      code: 'c1',
      redirect_uri: 'http://127.0.0.1:3000/',
      code_verifier: pending.verifier,
    });
  });
});

describe('idTokenMismatch', () => {
  const claims = { iss: signIn.issuer, aud: 'commissioner-console', nonce: 'nonce-1', sub: 'u1' };

  it('accepts this sign-in’s ID token, the audience alone or in a list', () => {
    expect(idTokenMismatch(jwt(claims), signIn, pending)).toBeUndefined();
    expect(
      idTokenMismatch(jwt({ ...claims, aud: ['other', 'commissioner-console'] }), signIn, pending),
    ).toBeUndefined();
  });

  it.each([
    ['another issuer’s', { ...claims, iss: 'https://evil.example' }, 'iss'],
    ['another client’s', { ...claims, aud: 'other-client' }, 'aud'],
    ['another sign-in’s', { ...claims, nonce: 'nonce-2' }, 'nonce'],
    ['one without a nonce', { ...claims, nonce: undefined }, 'nonce'],
  ])('refuses %s', (_case, token, claim) => {
    expect(idTokenMismatch(jwt(token), signIn, pending)).toBe(claim);
  });

  it('refuses what is not a JWT', () => {
    expect(idTokenMismatch('opaque-token', signIn, pending)).toBe('token');
  });
});

describe('endSessionUrl', () => {
  it('ends the provider’s session with the ID token as hint and comes back to the console, also by Cognito’s name for the way back', () => {
    // Act
    const url = new URL(endSessionUrl(signIn, 'id-token') ?? '');

    // Assert
    expect(`${url.origin}${url.pathname}`).toBe(signIn.endSessionEndpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id_token_hint: 'id-token',
      client_id: 'commissioner-console',
      post_logout_redirect_uri: 'http://127.0.0.1:3000/',
      logout_uri: 'http://127.0.0.1:3000/',
    });
  });

  it('is none when the provider has no sign-out endpoint', () => {
    const { endSessionEndpoint: _, ...withoutSignOut } = signIn;
    expect(endSessionUrl(withoutSignOut, 'id-token')).toBeUndefined();
  });
});
