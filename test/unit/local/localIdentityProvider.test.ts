import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAccounts } from '#local/localAccounts.ts';
import { consoleClientId, LocalIdentityProvider } from '#local/localIdentityProvider.ts';
import { signInThroughProvider } from '#test/support/oidcSignIn.ts';

let server: Server;
let provider: LocalIdentityProvider;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    provider.handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = await LocalIdentityProvider.start({
    baseUrl,
    accounts: await LocalAccounts.open(undefined),
    dataDirectory: undefined,
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const signIn = (
  email: string,
  password: string,
  secondFactor: {
    askSecondFactor?: boolean;
    totpSecret?: string;
    onSecondFactorSetUp?: (secret: string) => void;
  } = {},
) =>
  signInThroughProvider({
    issuer: provider.issuer,
    clientId: consoleClientId,
    redirectUri: `${baseUrl}/`,
    email,
    password,
    ...secondFactor,
  });

/** Invites `email` and chooses `password` through the invitation link's page. */
async function invited(email: string, password: string): Promise<string> {
  const { account, link } = await provider.invite(email, `invitation-of-${email}`);
  expect((await fetch(link)).status).toBe(200);
  const chosen = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password }).toString(),
  });
  expect(chosen.status).toBe(200);
  return account.sub;
}

describe('the local OpenID Connect provider', () => {
  it('publishes discovery for the authorization code flow with PKCE and RS256 ID tokens', async () => {
    const discovery = await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.issuer}/auth`,
      token_endpoint: `${provider.issuer}/token`,
      jwks_uri: `${provider.issuer}/jwks`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: expect.arrayContaining(['RS256']),
    });
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs an invited person in through its own form: an ID token with their subject and verified email', async () => {
    const sub = await invited('Li.Ming@Acme.example', 'a long enough password');
    const token = await signIn('li.ming@acme.example', 'a long enough password');
    const claims = await provider.verify(`Bearer ${token}`);
    expect(claims).toMatchObject({
      iss: provider.issuer,
      aud: consoleClientId,
      sub,
      email: 'li.ming@acme.example',
      email_verified: true,
    });
    // Who someone is, and nothing about what they may do.
    expect(
      Object.keys(decodeJwt(token)).filter((claim) => /group|role|organi[sz]ation/i.test(claim)),
    ).toEqual([]);
  });

  it('refuses a wrong password, an account never invited, and a password before the invitation is accepted', async () => {
    await invited('wang@acme.example', 'the right password');
    await expect(signIn('wang@acme.example', 'the wrong password')).rejects.toThrow(/stopped with 401/);
    await expect(signIn('nobody@acme.example', 'any password at all')).rejects.toThrow(/stopped with 401/);
    await provider.invite('pending@acme.example', 'invitation-1');
    await expect(signIn('pending@acme.example', '')).rejects.toThrow(/stopped with 401/);
  });

  it('spends an invitation link once, and refuses a password under 12 characters', async () => {
    const { link } = await provider.invite('zhao@acme.example', 'invitation-1');
    const post = (password: string) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ password }).toString(),
      });
    expect((await post('short')).status).toBe(400);
    expect((await post('long enough now')).status).toBe(200);
    expect((await post('another long one')).status).toBe(404);
    expect(await signIn('zhao@acme.example', 'long enough now')).toBeTruthy();
    // The same invitation again (a retried request) answers the spent link and reopens nothing.
    expect((await provider.invite('zhao@acme.example', 'invitation-1')).link).toBe(link);
    expect((await post('a third long one')).status).toBe(404);
  });

  it('signs in with a password alone (amr pwd) until a second factor is asked, then sets one up and always asks it', async () => {
    // Arrange
    await invited('chen@acme.example', 'a long enough password');
    let secret = '';

    // Act
    const passwordOnly = decodeJwt(await signIn('chen@acme.example', 'a long enough password'));
    const settingUp = decodeJwt(
      await signIn('chen@acme.example', 'a long enough password', {
        askSecondFactor: true,
        onSecondFactorSetUp: (shown) => {
          secret = shown;
        },
      }),
    );
    const unasked = decodeJwt(
      await signIn('chen@acme.example', 'a long enough password', { totpSecret: secret }),
    );
    // Both settled before asserting: either may fail first, and a rejection no one awaits yet is unhandled.
    const [withoutCode, wrongCode] = await Promise.allSettled([
      signIn('chen@acme.example', 'a long enough password'),
      signIn('chen@acme.example', 'a long enough password', {
        totpSecret: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      }),
    ]);

    // Assert
    expect(passwordOnly.amr).toEqual(['pwd']);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(settingUp.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(unasked.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(withoutCode).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/asks a second factor/) },
    });
    expect(wrongCode).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/stopped with 401/) },
    });
  });

  it('keeps its admin routes for the holder of the admin key', async () => {
    const admin = (path: string, body: unknown, key = provider.adminKey) =>
      fetch(`${provider.issuer}/admin${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await admin('/users', { email: 'x@acme.example' }, 'guess')).status).toBe(401);
    const created = await admin('/users', { email: 'Zhou@Acme.example' });
    const { sub } = (await created.json()) as { sub: string };
    expect((await (await admin('/users', { email: 'zhou@acme.example' })).json()).sub).toBe(sub);
    const invitation = await admin(`/users/${sub}/invitations`, { invitationId: 'i-1' });
    const { link } = (await invitation.json()) as { link: string };
    expect(link).toMatch(new RegExp(`^${provider.issuer}/invitation/[\\w-]+$`));
    expect((await fetch(link)).status).toBe(200);
    expect((await admin(`/users/${sub}/disable`, {})).status).toBe(204);
    expect(provider.accounts.find(sub)).toBeUndefined();
    expect((await admin(`/users/${sub}/enable`, {})).status).toBe(204);
    expect(provider.accounts.find(sub)?.email).toBe('zhou@acme.example');
    expect((await admin('/users/nobody/disable', {})).status).toBe(404);
  });

  it('signs a disabled account in no more', async () => {
    const sub = await invited('sun@acme.example', 'a long enough password');
    await provider.accounts.setDisabled(sub, true);
    await expect(signIn('sun@acme.example', 'a long enough password')).rejects.toThrow(/stopped with 401/);
  });

  it('verifies only its own tokens, for the console, unexpired and untampered', async () => {
    await invited('qian@acme.example', 'a long enough password');
    const token = await signIn('qian@acme.example', 'a long enough password');
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...decodeJwt(token), email: 'admin@bureau.example' }),
    ).toString('base64url');
    expect(await provider.verify(`Bearer ${header}.${forged}.${signature}`)).toBeUndefined();
    expect(await provider.verify(undefined)).toBeUndefined();
    const foreign = await new SignJWT({ email: 'x@y.example' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(provider.issuer)
      .setAudience(consoleClientId)
      .setExpirationTime('1h')
      .sign(new Uint8Array(32));
    expect(await provider.verify(`Bearer ${foreign}`)).toBeUndefined();
    expect(payload).toBeTruthy();
  });
});
