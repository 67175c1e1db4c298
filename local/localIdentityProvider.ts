import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { type LocalAccount, type LocalAccounts, minPasswordLength } from '#local/localAccounts.ts';
import { newTotpSecret, totpMatches, totpUri } from '#local/totp.ts';
import { secondFactorAcr } from '#shared/consoleConfig.ts';

/** Where the provider is mounted on the runtime's HTTP server; the issuer is `<url>/oidc`. */
export const identityProviderPath = '/oidc';
/** The console's client: public (no secret in a browser), authorization code with PKCE only. */
export const consoleClientId = 'commissioner-console';

interface ProviderOptions {
  /** The runtime's own address, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  readonly accounts: LocalAccounts;
  /** Keeps the signing key and cookie keys across restarts; none: new ones each start. */
  readonly dataDirectory: string | undefined;
}

interface ProviderSecrets {
  readonly signingKey: JWK;
  readonly cookieKeys: string[];
  /** Derives invitation links' tokens, so a repeated invitation yields the link already sent. */
  readonly invitationKey: string;
}

async function loadSecrets(dataDirectory: string | undefined): Promise<ProviderSecrets> {
  const file = dataDirectory ? join(dataDirectory, 'identity', 'provider-secrets.json') : undefined;
  const existing = file ? await readFile(file, 'utf8').catch(() => undefined) : undefined;
  if (existing) return JSON.parse(existing) as ProviderSecrets;
  // RS256: the algorithm API Gateway's JWT authorizers verify.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    alg: 'RS256',
    use: 'sig',
    kid: randomBytes(8).toString('hex'),
  };
  const secrets: ProviderSecrets = {
    signingKey,
    cookieKeys: [randomBytes(32).toString('base64url')],
    invitationKey: randomBytes(32).toString('base64url'),
  };
  if (file) {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/** A small bilingual page: the provider's sign-in and set-password forms. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,"WenQuanYi Zen Hei",sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1f2933}h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b42318}.hint{color:#52606d;font-size:.9rem}</style></head><body>${body}</body></html>`;
}

function signInPage(action: string, error?: string, email = ''): string {
  return page(
    '登录 / Sign in',
    `<h1>科技特派员工作平台 · 登录<br><small>Commissioner Workflows · Sign in</small></h1>${
      error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''
    }<form method="post" action="${escapeHtml(action)}"><label for="email">邮箱 / Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}"><label for="password">密码 / Password</label><input id="password" name="password" type="password" autocomplete="current-password" required><button type="submit">登录 / Sign in</button></form><p class="hint">本地身份提供方：账号由区科技局邀请创建。<br>The local identity provider: accounts come from the bureau's invitations.</p>`,
  );
}

/**
 * The second step of a sign-in: the code of the person's authenticator app, or, when they have
 * none and the console asked for a second factor, setting one up (the secret, then its first code).
 */
function secondFactorPage(
  action: string,
  enrollingSecret: string | undefined,
  email: string,
  error?: string,
): string {
  const enrolment = enrollingSecret
    ? `<p>你的角色需要第二重验证。请在身份验证器应用（如 Microsoft Authenticator、Google Authenticator）中添加此密钥，然后输入它显示的 6 位验证码。<br><small>Your role needs a second factor: add this key to an authenticator app, then type the six-digit code it shows.</small></p><p><code data-testid="totp-secret" style="font-size:1.1rem;letter-spacing:.1em">${escapeHtml(enrollingSecret)}</code></p><p class="hint" style="word-break:break-all">${escapeHtml(totpUri(enrollingSecret, email, '科技特派员工作平台'))}</p>`
    : '<p>请输入身份验证器应用显示的 6 位验证码。<br><small>Type the six-digit code your authenticator app shows.</small></p>';
  return page(
    '第二重验证 / Second factor',
    `<h1>第二重验证<br><small>Second factor</small></h1>${
      error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''
    }${enrolment}<form method="post" action="${escapeHtml(action)}"><label for="code">验证码 / Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required><button type="submit">验证 / Verify</button></form>`,
  );
}

function signInExpiredPage(): string {
  return page(
    '登录已过期 / Sign-in expired',
    '<h1>登录已过期，请回到控制台重新登录。<br><small>This sign-in expired: start again from the console.</small></h1>',
  );
}

function setPasswordPage(action: string, error?: string): string {
  return page(
    '设置密码 / Choose a password',
    `<h1>设置密码<br><small>Choose your password</small></h1>${
      error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''
    }<form method="post" action="${escapeHtml(action)}"><label for="password">新密码（至少 ${minPasswordLength} 个字符）/ New password (at least ${minPasswordLength} characters)</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="${minPasswordLength}" required><button type="submit">保存 / Save</button></form>`,
  );
}

async function formText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const formOf = async (request: IncomingMessage) => new URLSearchParams(await formText(request));

/**
 * A real OpenID Connect provider (`oidc-provider`, OpenID Certified) for the embedded runtime:
 * discovery, JWKS, authorization code with PKCE for the console, ID tokens signed RS256 with a
 * key kept under the data folder. It says who someone is (subject, verified email) and nothing
 * about what they may do: that is the membership records' business, as with Cognito.
 */
export class LocalIdentityProvider {
  readonly issuer: string;
  /**
   * What the embedded identity directory presents to the admin routes (as Cognito's admin API
   * takes only signed requests): new at each start, handed to the functions' environment only.
   */
  readonly adminKey = randomBytes(32).toString('base64url');
  private readonly verifyKeys: ReturnType<typeof createLocalJWKSet>;

  private constructor(
    private readonly provider: Provider,
    readonly accounts: LocalAccounts,
    publicKey: JWK,
    private readonly baseUrl: string,
    private readonly invitationKey: string,
  ) {
    this.issuer = `${baseUrl}${identityProviderPath}`;
    this.verifyKeys = createLocalJWKSet({ keys: [publicKey] });
  }

  static async start(options: ProviderOptions): Promise<LocalIdentityProvider> {
    const secrets = await loadSecrets(options.dataDirectory);
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicKey } = secrets.signingKey;
    const { accounts } = options;
    const configuration: Configuration = {
      clients: [
        {
          client_id: consoleClientId,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: [`${options.baseUrl}/`],
          post_logout_redirect_uris: [`${options.baseUrl}/`],
        },
      ],
      jwks: { keys: [secrets.signingKey] },
      cookies: { keys: secrets.cookieKeys },
      // `amr` says how the person signed in (RFC 8176): the API reads it for the bureau's and panel's rights.
      claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'] },
      // The ID token carries the email, as Cognito's does, so the API needs no userinfo call.
      conformIdTokenClaims: false,
      scopes: ['openid', 'email'],
      acrValues: [secondFactorAcr],
      features: {
        devInteractions: { enabled: false },
        // Signing out at the console ends the provider's session too, on pages of our own.
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx, form) => {
            ctx.type = 'html';
            ctx.body = page(
              '退出登录 / Sign out',
              `<h1>退出登录？<br><small>Sign out?</small></h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">是，退出登录 / Yes, sign me out</button> <button type="submit" form="op.logoutForm">否 / No, stay signed in</button>`,
            );
          },
          postLogoutSuccessSource: (ctx) => {
            ctx.type = 'html';
            ctx.body = page(
              '已退出 / Signed out',
              `<h1>已退出登录<br><small>You are signed out</small></h1><p><a href="${escapeHtml(options.baseUrl)}/">回到控制台 / Back to the console</a></p>`,
            );
          },
        },
      },
      interactions: { url: (_ctx, interaction) => `${identityProviderPath}/interaction/${interaction.uid}` },
      // The console is the bureau's own client: nothing to consent to.
      loadExistingGrant: async (ctx) => {
        const grantId =
          ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        if (!ctx.oidc.session?.accountId || !ctx.oidc.client) return undefined;
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId,
          accountId: ctx.oidc.session.accountId,
        });
        grant.addOIDCScope('openid email');
        await grant.save();
        return grant;
      },
      findAccount: (_ctx, sub) => {
        const account = accounts.find(sub);
        if (!account) return undefined;
        return {
          accountId: account.sub,
          claims: () => ({ sub: account.sub, email: account.email, email_verified: true }),
        };
      },
      // Sessions on the real clock: a working day, as the local sign-in gave before.
      ttl: {
        IdToken: 12 * 3600,
        AccessToken: 12 * 3600,
        Session: 12 * 3600,
        Grant: 12 * 3600,
        Interaction: 3600,
      },
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = page(
          '出错了 / Something went wrong',
          `<h1>出错了 / Something went wrong</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p>`,
        );
      },
    };
    const provider = new Provider(`${options.baseUrl}${identityProviderPath}`, configuration);
    return new LocalIdentityProvider(provider, accounts, publicKey, options.baseUrl, secrets.invitationKey);
  }

  /** Whether a request is the provider's (under `/oidc`). */
  owns(pathname: string): boolean {
    return pathname === identityProviderPath || pathname.startsWith(`${identityProviderPath}/`);
  }

  /**
   * The account for `email` (created if new) and the link of its invitation `invitationId`, which
   * leads to choosing a password. The same invitation always yields the same link; once it has
   * set a password it stays spent.
   */
  async invite(email: string, invitationId: string): Promise<{ account: LocalAccount; link: string }> {
    const account = await this.accounts.ensure(email);
    const token = createHmac('sha256', this.invitationKey)
      .update(`${account.sub}\n${invitationId}`)
      .digest('base64url');
    await this.accounts.openInvitation(account.sub, invitationId, token);
    return { account, link: `${this.issuer}/invitation/${token}` };
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const path = url.pathname.slice(identityProviderPath.length);
    const interaction = /^\/interaction\/([\w-]+)(?:\/(login|second-factor))?$/.exec(path);
    if (interaction) {
      await this.signIn(request, response, interaction[2] as 'login' | 'second-factor' | undefined);
      return;
    }
    if (path.startsWith('/admin/')) {
      await this.administer(request, response, path.slice('/admin'.length));
      return;
    }
    const invitation = /^\/invitation\/([\w-]+)$/.exec(path);
    if (invitation?.[1]) {
      await this.acceptInvitation(request, response, invitation[1]);
      return;
    }
    // oidc-provider finds its own routes below the issuer's path from the original URL.
    Object.assign(request, { originalUrl: request.url, url: `${path || '/'}${url.search}` });
    await this.provider.callback()(request, response);
  }

  /**
   * The accounts' admin routes, for the embedded identity directory alone (it holds the admin
   * key): `POST /users {email}` finds or creates an account, `POST /users/<sub>/invitations
   * {invitationId}` answers the invitation's link, `POST /users/<sub>/disable|enable`.
   */
  private async administer(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const answer = (statusCode: number, body: unknown) => {
      response.writeHead(statusCode, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const presented = Buffer.from(request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(this.adminKey);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      answer(401, { error: 'Unauthorized', message: 'The admin routes take the admin key' });
      return;
    }
    const body = Object.fromEntries(
      Object.entries(JSON.parse((await formText(request)) || '{}') as Record<string, unknown>).map(
        ([name, value]) => [name, String(value)],
      ),
    );
    const route = /^\/users(?:\/([\w-]+)\/(invitations|disable|enable))?$/.exec(path);
    if (request.method !== 'POST' || !route) {
      answer(404, { error: 'NotFound', message: `No admin route ${request.method} ${path}` });
      return;
    }
    const [, sub, action] = route;
    if (!sub) {
      if (!body.email) return answer(400, { error: 'ValidationError', message: 'email is required' });
      const account = await this.accounts.ensure(body.email);
      return answer(200, { sub: account.sub });
    }
    const account = this.accounts.findAny(sub);
    if (!account) return answer(404, { error: 'NotFound', message: `No account ${sub}` });
    if (action === 'invitations') {
      if (!body.invitationId) {
        return answer(400, { error: 'ValidationError', message: 'invitationId is required' });
      }
      return answer(200, { link: (await this.invite(account.email, body.invitationId)).link });
    }
    await this.accounts.setDisabled(sub, action === 'disable');
    answer(204, undefined);
  }

  /** The sign-in form of an interaction, its submission, and the second factor after it. */
  private async signIn(
    request: IncomingMessage,
    response: ServerResponse,
    step: 'login' | 'second-factor' | undefined,
  ): Promise<void> {
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await this.provider.interactionDetails(request, response);
    } catch {
      response.writeHead(400, pageHeaders);
      response.end(signInExpiredPage());
      return;
    }
    const action = `${identityProviderPath}/interaction/${details.uid}/login`;
    const secondFactorAction = `${identityProviderPath}/interaction/${details.uid}/second-factor`;
    if (!step || request.method !== 'POST') {
      response.writeHead(200, pageHeaders);
      response.end(signInPage(action));
      return;
    }
    if (step === 'second-factor') {
      await this.checkSecondFactor(request, response, details.uid, secondFactorAction);
      return;
    }
    const form = await formOf(request);
    const email = form.get('email') ?? '';
    const account = await this.accounts.authenticate(email, form.get('password') ?? '');
    if (!account) {
      response.writeHead(401, pageHeaders);
      response.end(signInPage(action, '邮箱或密码不正确。Wrong email or password.', email));
      return;
    }
    // Like a Cognito pool whose users may set up TOTP: whoever has an authenticator always uses it.
    const asked = String(details.params.acr_values ?? '')
      .split(' ')
      .includes(secondFactorAcr);
    if (!account.totpSecret && !asked) {
      await this.finishSignIn(request, response, account.sub, false);
      return;
    }
    const enrollingSecret = account.totpSecret ? undefined : newTotpSecret();
    this.rememberPassword(details.uid, { sub: account.sub, email: account.email, enrollingSecret });
    response.writeHead(200, pageHeaders);
    response.end(secondFactorPage(secondFactorAction, enrollingSecret, account.email));
  }

  /** Interactions whose password was right, waiting for the second factor (an hour at most). */
  private readonly passwordChecked = new Map<
    string,
    { sub: string; email: string; enrollingSecret: string | undefined; at: number }
  >();

  private rememberPassword(
    uid: string,
    entry: { sub: string; email: string; enrollingSecret: string | undefined },
  ): void {
    const hourAgo = Date.now() - 3600_000;
    for (const [key, { at }] of this.passwordChecked) if (at < hourAgo) this.passwordChecked.delete(key);
    this.passwordChecked.set(uid, { ...entry, at: Date.now() });
  }

  private async checkSecondFactor(
    request: IncomingMessage,
    response: ServerResponse,
    uid: string,
    action: string,
  ): Promise<void> {
    const pending = this.passwordChecked.get(uid);
    const account = pending ? this.accounts.find(pending.sub) : undefined;
    if (!pending || !account) {
      response.writeHead(400, pageHeaders);
      response.end(signInExpiredPage());
      return;
    }
    const secret = account.totpSecret ?? pending.enrollingSecret;
    const code = (await formOf(request)).get('code') ?? '';
    if (!secret || !totpMatches(secret, code, Date.now())) {
      response.writeHead(401, pageHeaders);
      response.end(
        secondFactorPage(
          action,
          account.totpSecret ? undefined : pending.enrollingSecret,
          account.email,
          '验证码不正确。Wrong code.',
        ),
      );
      return;
    }
    if (!account.totpSecret) await this.accounts.setTotpSecret(account.sub, secret);
    this.passwordChecked.delete(uid);
    await this.finishSignIn(request, response, account.sub, true);
  }

  /** Ends the interaction signed in; `amr` says how (RFC 8176), which the API reads. */
  private async finishSignIn(
    request: IncomingMessage,
    response: ServerResponse,
    accountId: string,
    withSecondFactor: boolean,
  ): Promise<void> {
    await this.provider.interactionFinished(
      request,
      response,
      {
        login: withSecondFactor
          ? { accountId, amr: ['pwd', 'otp', 'mfa'], acr: secondFactorAcr }
          : { accountId, amr: ['pwd'] },
      },
      { mergeWithLastSubmission: false },
    );
  }

  private async acceptInvitation(
    request: IncomingMessage,
    response: ServerResponse,
    token: string,
  ): Promise<void> {
    const action = `${identityProviderPath}/invitation/${token}`;
    if (!this.accounts.invitationIsOpen(token)) {
      response.writeHead(404, pageHeaders);
      response.end(
        page(
          '邀请已失效 / Invitation used',
          '<h1>此邀请链接已使用或已失效。<br><small>This invitation link was used already or has been replaced.</small></h1>',
        ),
      );
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(200, pageHeaders);
      response.end(setPasswordPage(action));
      return;
    }
    const password = (await formOf(request)).get('password') ?? '';
    const account = await this.accounts.acceptInvitation(token, password);
    if (!account) {
      response.writeHead(400, pageHeaders);
      response.end(
        setPasswordPage(
          action,
          `密码至少 ${minPasswordLength} 个字符。The password needs at least ${minPasswordLength} characters.`,
        ),
      );
      return;
    }
    response.writeHead(200, pageHeaders);
    response.end(
      page(
        '密码已设置 / Password set',
        `<h1>密码已设置<br><small>Your password is set</small></h1><p><a href="${escapeHtml(this.baseUrl)}/">前往控制台登录 / Sign in at the console</a></p>`,
      ),
    );
  }

  /**
   * The claims of a bearer ID token this provider signed for the console, as API Gateway's JWT
   * authorizer checks it (signature by the JWKS, issuer, audience, expiry); undefined otherwise.
   */
  async verify(authorization: string | undefined): Promise<Record<string, unknown> | undefined> {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.verifyKeys, {
        issuer: this.issuer,
        audience: consoleClientId,
        algorithms: ['RS256'],
      });
      return payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return undefined;
      throw error;
    }
  }
}
