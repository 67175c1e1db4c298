import { Ajv, type ValidateFunction } from 'ajv';
import { demoPassword } from '#local/demoPeople.ts';
import type { OutboxEmail } from '#local/outbox.ts';
import { successSchema } from '#shared/api/openapi.ts';
import responseSchemas from '#shared/api/responseSchemas.json' with { type: 'json' };
import { routes, type StagedRoute } from '#shared/api/routes.ts';
import type { ConsoleConfig } from '#shared/consoleConfig.ts';
import { emailCatalogue } from '#shared/email/catalogue.ts';
import type { Role } from '#shared/identity.ts';
import { rolesNeedingSecondFactor } from '#shared/membership/secondFactor.ts';
import { type OutcomeCategory, outcomeCategories } from '#shared/outcomes.ts';
import { eventually } from '#test/support/eventually.ts';
import { signInThroughProvider } from '#test/support/oidcSignIn.ts';

export interface ApiResponse<Body = Record<string, unknown>> {
  readonly status: number;
  readonly body: Body;
}

/** Retries of a throttled request: pauses of 0.1 s doubling, 6.3 s in all. */
const maxThrottledRetries = 6;

const isInvitation = (email: OutboxEmail) =>
  email.subject.includes(emailCatalogue['membership-invitation'].en.subject);

/** The password tests choose for a person they make (the provider keeps only its hash). */
export const testPasswordFor = (email: string) => `test password of ${email.toLowerCase()}`;

const invitationLinkPattern = /https?:\/\/\S+\/oidc\/invitation\/[\w-]+/;

interface Membership {
  readonly roles: readonly string[];
  readonly organization?: string;
}

const sameMembership = (person: Membership, wanted: Membership) =>
  person.roles.length === wanted.roles.length &&
  person.roles.every((role, i) => role === wanted.roles[i]) &&
  person.organization === wanted.organization;

/** What this test process knows of each runtime (by address): ID tokens, members' subjects, passwords set, authenticator secrets. */
const signedIn = new Map<string, Promise<string>>();
const subs = new Map<string, string>();
const passwordChosen = new Set<string>();
const totpSecrets = new Map<string, string>();

/** Each route with the pattern of the paths it serves (a parameter is one segment). */
const routePatterns = routes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replaceAll('.', '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
}));

const ajv = new Ajv({ allErrors: true });
const validators = new Map<string, ValidateFunction>();

/** The route's success schema with the named type's schema in place of its `$ref`. */
function validatorOf(route: StagedRoute): ValidateFunction {
  const key = `${route.paged ? 'page of ' : ''}${route.response}`;
  let validator = validators.get(key);
  if (!validator) {
    const named = responseSchemas[route.response as keyof typeof responseSchemas];
    const schema = JSON.parse(
      JSON.stringify(successSchema(route)).replace(
        `{"$ref":"#/components/schemas/${route.response}"}`,
        JSON.stringify(named),
      ),
    );
    validator = ajv.compile(schema);
    validators.set(key, validator);
  }
  return validator;
}

/**
 * Holds every 2xx JSON answer of a route to the schema of the type its declaration names (the one
 * `/openapi.json` describes it with): the declared types are then proved by every test that calls
 * the API. Throws naming the route and the first mismatches.
 */
function checkResponseSchema(method: string, path: string, status: number, body: unknown): void {
  if (status < 200 || status >= 300) return;
  const pathOnly = path.split('?')[0] ?? path;
  const route = routePatterns.find(
    (candidate) => candidate.route.method === method && candidate.pattern.test(pathOnly),
  )?.route;
  if (!route?.response) return;
  const validate = validatorOf(route);
  if (validate(body)) return;
  const mismatches = (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
  throw new Error(
    `${method} ${path} (${route.handler}) answered ${status} with a body that is not its declared ${route.paged ? 'page of ' : ''}${route.response}:\n  ${mismatches.join('\n  ')}`,
  );
}

/** Talks to a running system over HTTP, as the console does. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  private config: Promise<ConsoleConfig> | undefined;

  /** The bureau admin the embedded runtime seeds (BUREAU_ADMIN_EMAILS' default), with the demo password. */
  static readonly seededAdminEmail = 'admin@bureau.example';

  /** A token of the person with this email, who has this role (and organisation). */
  async signIn(email: string, role: Role, organization?: string): Promise<string> {
    const { password } = await this.credentialsFor(email, role, organization);
    return this.signInAs(email, password, { secondFactor: rolesNeedingSecondFactor.includes(role) });
  }

  /**
   * The email and password of the person with this role (and organisation), as the bureau would
   * make them: a membership through the People API, whose invitation link (in the outbox) sets
   * the password. Nobody is signed in.
   */
  async credentialsFor(
    email: string,
    role: Role,
    organization?: string,
  ): Promise<{ email: string; password: string }> {
    if (email.toLowerCase() === ApiClient.seededAdminEmail && role === 'admin') {
      return { email, password: demoPassword() };
    }
    await this.ensureMember(email, role, organization);
    return { email, password: testPasswordFor(email) };
  }

  /**
   * Signs in at the runtime's OpenID Connect provider as a person does at the console (its
   * sign-in page, authorization code with PKCE) and answers the ID token. With `secondFactor`
   * the console asks the provider for one, as it does for the bureau and panel: the person sets
   * up an authenticator the first time (this process keeps its secret) and gives its code. A
   * person's token is reused while it is valid: it says who they are, and every request reads
   * what they may do.
   */
  signInAs(
    email: string,
    password = testPasswordFor(email),
    options: { readonly secondFactor?: boolean } = {},
  ): Promise<string> {
    const person = `${this.baseUrl} ${email.toLowerCase()}`;
    const key = `${person} ${password} ${options.secondFactor === true}`;
    let token = signedIn.get(key);
    if (!token) {
      const totpSecret = totpSecrets.get(person);
      token = this.consoleConfig().then(({ signIn }) =>
        signInThroughProvider({
          issuer: signIn.issuer,
          clientId: signIn.clientId,
          redirectUri: signIn.redirectUri,
          email,
          password,
          ...(options.secondFactor ? { askSecondFactor: true } : {}),
          ...(totpSecret ? { totpSecret } : {}),
          onSecondFactorSetUp: (secret) => totpSecrets.set(person, secret),
        }),
      );
      signedIn.set(key, token);
      token.catch(() => signedIn.delete(key));
    }
    return token;
  }

  /** The console's config.json: where the runtime's identity provider is. */
  consoleConfig(): Promise<ConsoleConfig> {
    this.config ??= this.request<ConsoleConfig>('GET', '/config.json').then(({ status, body }) => {
      if (status !== 200) throw new Error(`GET /config.json answered ${status}`);
      return body;
    });
    return this.config;
  }

  /** The seeded bureau admin's token, signed in with a second factor. */
  adminToken(): Promise<string> {
    return this.signInAs(ApiClient.seededAdminEmail, demoPassword(), { secondFactor: true });
  }

  /** The authenticator secret the person set up when this process signed them in, if they did. */
  totpSecretOf(email: string): string | undefined {
    return totpSecrets.get(`${this.baseUrl} ${email.toLowerCase()}`);
  }

  /**
   * Sets the person's password through the newest invitation link the outbox holds for them, as
   * the invited person would; a spent link means they have chosen it already.
   */
  async acceptInvitation(email: string, password = testPasswordFor(email)): Promise<void> {
    const invitations = await this.invitationsTo(email.toLowerCase());
    const link = invitations
      .map((invitation) => invitationLinkPattern.exec(invitation.text)?.[0])
      .filter((found) => found !== undefined)
      .at(-1);
    if (!link) throw new Error(`no invitation link for ${email} in the outbox`);
    const chosen = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password }).toString(),
    });
    if (chosen.status !== 200 && chosen.status !== 404) {
      throw new Error(`choosing a password for ${email} answered ${chosen.status}`);
    }
    passwordChosen.add(`${this.baseUrl} ${email.toLowerCase()}`);
  }

  /** The subject of the member with this email, from the bureau's People list. */
  async subOf(email: string): Promise<string | undefined> {
    const token = await this.adminToken();
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
      const { status, body } = await this.request('GET', `/people?${query}`, { token });
      if (status !== 200) throw new Error(`GET /people answered ${status}`);
      const found = (body.items as { sub: string; email: string }[]).find(
        (person) => person.email === email.toLowerCase(),
      );
      if (found) return found.sub;
      cursor = body.nextCursor;
    } while (cursor);
    return undefined;
  }

  /** Makes sure the email's membership holds exactly this role and organisation, as the bureau would. */
  private async ensureMember(email: string, role: Role, organization?: string): Promise<void> {
    const token = await this.adminToken();
    const wanted = { roles: [role], ...(organization ? { organization } : {}) };
    const key = `${this.baseUrl} ${email.toLowerCase()}`;
    let sub = subs.get(key);
    if (!sub) {
      // Invited first, looked up only if already a member: the lookup reads the People list, and
      // a run that signs in thousands of new people would read it whole for each of them.
      const invited = await this.request('POST', '/people', { token, body: { email, ...wanted } });
      if (invited.status === 201) {
        await this.acceptInvitation(email);
        subs.set(key, invited.body.person.sub);
        return;
      }
      sub = invited.status === 409 ? await this.subOf(email) : undefined;
      if (!sub) {
        throw new Error(`inviting ${email} failed with ${invited.status}: ${JSON.stringify(invited.body)}`);
      }
    }
    const found = await this.request('GET', `/people/${sub}`, { token });
    if (found.status !== 200) throw new Error(`reading ${email} failed with ${found.status}`);
    subs.set(key, sub);
    // Invited by the test itself through the People API: the person chooses the password now.
    if (!passwordChosen.has(key)) await this.acceptInvitation(email);
    const person = found.body.person;
    if (person.state === 'active' && sameMembership(person, wanted)) return;
    if (!sameMembership(person, wanted)) {
      const changed = await this.request('PUT', `/people/${sub}`, {
        token,
        body: { ...wanted, version: person.version },
      });
      if (changed.status !== 200) {
        throw new Error(`changing ${email} failed with ${changed.status}: ${JSON.stringify(changed.body)}`);
      }
    }
    if (person.state === 'disabled') {
      await this.request('POST', `/people/${sub}/enable`, { token, body: { reason: 'signed in by a test' } });
    }
  }

  /**
   * Uploads a file to a record as the console does: asks for the upload (201), posts the bytes
   * with the presigned form straight to storage, and, unless `check` is false, has it checked.
   * Answers the file's id and storage's answer to the post.
   */
  async uploadFile(
    token: string,
    owner: { kind: string; id: string },
    file: { name: string; type: string; bytes: Uint8Array<ArrayBuffer>; size?: number },
    check = true,
  ): Promise<{ id: string; stored: number; checked?: ApiResponse }> {
    const started = await this.request('POST', '/files', {
      token,
      body: { owner, name: file.name, size: file.size ?? file.bytes.length, type: file.type },
    });
    if (started.status !== 201)
      throw new Error(`POST /files: ${started.status} ${JSON.stringify(started.body)}`);
    const { url, fields } = started.body.upload as { url: string; fields: Record<string, string> };
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
    const stored = (await fetch(url, { method: 'POST', body: form })).status;
    const id = started.body.file.id as string;
    if (!check) return { id, stored };
    return {
      id,
      stored,
      checked: await this.request('POST', `/files/${encodeURIComponent(id)}/check`, { token }),
    };
  }

  /** Uploads an import workbook as the console does: asks for the upload, posts the bytes with the presigned form. */
  async uploadImport(token: string, bytes: Buffer, name = 'programme.xlsx'): Promise<string> {
    const started = await this.request('POST', '/imports', { token, body: { name, size: bytes.length } });
    if (started.status !== 201)
      throw new Error(`POST /imports: ${started.status} ${JSON.stringify(started.body)}`);
    const { url, fields } = started.body.upload as { url: string; fields: Record<string, string> };
    const form = new FormData();
    for (const [field, value] of Object.entries(fields)) form.append(field, value);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: fields['Content-Type'] }), name);
    const stored = await fetch(url, { method: 'POST', body: form });
    if (stored.status !== 204)
      throw new Error(`storage answered the workbook's upload with ${stored.status}`);
    return started.body.import.id as string;
  }

  /** Uploads an import workbook, asks for its check, and answers the import once the check has decided. */
  async checkedImport(
    token: string,
    bytes: Buffer,
    name = 'programme.xlsx',
  ): Promise<Record<string, unknown>> {
    const path = `/imports/${encodeURIComponent(await this.uploadImport(token, bytes, name))}`;
    const checking = await this.request('POST', `${path}/check`, { token });
    if (checking.status !== 202)
      throw new Error(`${path}/check: ${checking.status} ${JSON.stringify(checking.body)}`);
    return (await this.readUntil(token, path, (body) => body.import.state !== 'checking')).import;
  }

  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
  async request<Body = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<Body>> {
    // A throttled request (429, before any function ran) is sent again after a growing pause,
    // as AWS asks of clients; what is still throttled after that is the answer.
    for (let attempt = 0; ; attempt += 1) {
      const answer = await this.send<Body>(method, path, options);
      if (answer.status !== 429 || attempt === maxThrottledRetries) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }

  private async send<Body>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<Body>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const body = (text ? JSON.parse(text) : {}) as Body;
    if (response.headers.get('content-type')?.startsWith('application/json')) {
      checkResponseSchema(method, path, response.status, body);
    }
    return { status: response.status, body };
  }

  /** Waits until the task is open for this caller (the workflow opens it a moment after the step before). */
  async waitForTask(token: string, taskId: string): Promise<Record<string, unknown>> {
    const { body } = await eventually(
      `task ${taskId} open`,
      () => this.request('GET', `/tasks/${encodeURIComponent(taskId)}`, { token }),
      (response) => response.status === 200 && response.body.task?.status === 'open',
    );
    return body.task as Record<string, unknown>;
  }

  /** Reads `path` until `accept` holds for the 200 body (a state the workflow records a moment later). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
  async readUntil<Body = any>(token: string, path: string, accept: (body: Body) => boolean): Promise<Body> {
    const { body } = await eventually(
      `GET ${path}`,
      () => this.request<Body>('GET', path, { token }),
      (response) => response.status === 200 && accept(response.body),
    );
    return body;
  }

  advanceClock(seconds: number): Promise<ApiResponse> {
    return this.request('POST', '/local/clock', { body: { advanceSeconds: seconds } });
  }

  /** Today on the system's clock, in China (where the programme runs). */
  async clockDay(): Promise<string> {
    const now = Date.parse((await this.request('GET', '/local/clock')).body.now);
    return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }

  /** Moves the system's clock forward to `hh:mm` China time on `date`. */
  async advanceTo(date: string, time: string): Promise<void> {
    const now = Date.parse((await this.request('GET', '/local/clock')).body.now);
    const seconds = Math.floor((Date.parse(`${date}T${time}:00+08:00`) - now) / 1000);
    if (seconds <= 0) throw new Error(`${date} ${time} is not ahead of the system's clock`);
    await this.advanceClock(seconds);
  }

  /** Waits until the outbox holds an email to `address` that `accept` takes (the workflow sends it after the step); returns those. */
  async waitForEmails(
    address: string,
    accept: (email: OutboxEmail) => boolean = () => true,
  ): Promise<OutboxEmail[]> {
    const emails = await eventually(
      `an email to ${address}`,
      () => this.outboxTo(address),
      (received) => received.some(accept),
    );
    return emails.filter(accept);
  }

  /**
   * The emails to `address` but the membership invitations, which `signIn` causes as it makes
   * people members: tests count what the workflows send.
   */
  async outboxTo(address: string): Promise<OutboxEmail[]> {
    return (await this.emailsTo(address)).filter((email) => !isInvitation(email));
  }

  /** The membership invitations sent to `address`. */
  async invitationsTo(address: string): Promise<OutboxEmail[]> {
    return (await this.emailsTo(address)).filter(isInvitation);
  }

  private async emailsTo(address: string): Promise<OutboxEmail[]> {
    const { body } = await this.request<{ items: OutboxEmail[] }>(
      'GET',
      `/local/outbox?to=${encodeURIComponent(address)}`,
    );
    return body.items.filter((email) => email.to.includes(address));
  }
}

export const days = (n: number) => n * 24 * 3600;

/** A calendar date `n` days after `date` (both YYYY-MM-DD). */
export const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export type OutcomeCountsInput = Partial<Record<OutcomeCategory, number>>;

/** A count for every outcome category: the ones given, 0 for the rest. */
export function outcomeCounts(values: OutcomeCountsInput = {}): Record<OutcomeCategory, number> {
  return Object.fromEntries(outcomeCategories.map((category) => [category, values[category] ?? 0])) as Record<
    OutcomeCategory,
    number
  >;
}

/** A complete, valid demand form of `enterpriseName`; override what a test is about. */
export function demandForm(
  enterpriseName: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    enterpriseName,
    creditCode: '91350100M000100Y43',
    problem: '数控机床加工精度不稳定，需要工艺优化与设备智能化改造方面的技术支持。',
    industry: 'advancedManufacturing',
    technicalFields: ['智能制造', '精密加工'],
    location: '杭州市余杭区',
    contactName: '王经理',
    contactPhone: '13912345678',
    contactEmail: 'contact@enterprise.example.com',
    ...overrides,
  };
}

/** A complete, valid application form; override what a test is about. */
export function applicationForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '李伟',
    email: 'li.wei@example.edu.cn',
    phone: '13812345678',
    homeInstitution: '浙江工业大学',
    researchOfficeEmail: 'kjc@example.edu.cn',
    title: 'professor',
    technicalFields: ['智能制造', '工业机器人'],
    industries: ['advancedManufacturing'],
    statement: '可为企业提供数控装备智能化改造、工艺优化与技术培训服务。',
    ...overrides,
  };
}
