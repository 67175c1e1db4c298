/**
 * What the console's browser tests share: the embedded runtime and Chromium they drive, the API calls that
 * seed data and sign people in, and the waits for what workflows do in the background.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { startEmbeddedRuntime } from '#local/runtime.ts';
import { totpCode } from '#local/totp.ts';
import type { Role } from '#shared/identity.ts';
import { rolesNeedingSecondFactor } from '#shared/membership/secondFactor.ts';
import { ApiClient } from '#test/support/apiClient.ts';

export type Person = { email: string; role: string; organization?: string };

/** What a person signs in with at the identity provider: their password, and their authenticator's secret if known. */
export type Credentials = { email: string; password: string; totpSecret?: string };

/** Who takes part; the research office endorses and signs for the commissioner's home institution. */
export const commissioner = { email: 'li.wei@example.edu.cn', role: 'commissioner' } as const;
export const researchOffice = {
  email: 'kyy@zju.edu.cn',
  role: 'institution',
  organization: '浙江大学',
} as const;
export const admin = { email: 'admin@bureau.example.gov.cn', role: 'admin' } as const;
/** The enterprise's organization is also its demand's enterprise name. */
export const enterprise = {
  email: 'zhang.ming@yuhang-jingmi.example.com',
  role: 'enterprise',
  organization: '杭州余杭精密机械有限公司',
} as const;

/** The commissioner's application as the API takes it. */
export const commissionerApplication = {
  name: '李伟',
  email: commissioner.email,
  phone: '13812345678',
  homeInstitution: researchOffice.organization,
  researchOfficeEmail: researchOffice.email,
  title: 'professor',
  technicalFields: ['机器视觉', '工业机器人'],
  industries: ['advancedManufacturing', 'electronicInformation'],
  statement: '二十年机器视觉研究经验，可为企业解决质检自动化与工业机器人集成问题，并开展相关技术培训。',
  serviceAreas: ['余杭区', '临平区'],
};

/** The enterprise's technical demand as the API takes it. */
export const enterpriseDemand = {
  enterpriseName: enterprise.organization,
  creditCode: '91330110MA2B3C4D56',
  problem: '生产线上的精密零件表面缺陷依靠人工目检，漏检率高、效率低，希望引入机器视觉实现自动检测。',
  industry: 'advancedManufacturing',
  technicalFields: ['机器视觉', '质量检测'],
  location: '杭州市余杭区',
  contactName: '张明',
  contactPhone: '13900001111',
  contactEmail: enterprise.email,
};

/**
 * One commissioner's side of the programme: the commissioner, their research office, the enterprise they
 * serve, the application they apply with and the demand the enterprise posts.
 */
export interface Participants {
  commissioner: Person;
  researchOffice: Person & { organization: string };
  enterprise: Person & { organization: string };
  application: WithText<typeof commissionerApplication>;
  demand: WithText<typeof enterpriseDemand>;
}

/** A form's shape with any text in it, not only the defaults' own. */
type WithText<Form> = { [Field in keyof Form]: Form[Field] extends string ? string : Form[Field] };

/** The commissioner, research office and enterprise the single-agreement tests use. */
export const defaultParticipants: Participants = {
  commissioner,
  researchOffice,
  enterprise,
  application: commissionerApplication,
  demand: enterpriseDemand,
};

/** Another commissioner from another institution, serving another enterprise: for tests of a whole year. */
export function otherParticipants(other: {
  name: string;
  email: string;
  institution: string;
  officeEmail: string;
  enterprise: string;
  enterpriseEmail: string;
}): Participants {
  const enterpriseOf = { email: other.enterpriseEmail, role: 'enterprise', organization: other.enterprise };
  return {
    commissioner: { email: other.email, role: 'commissioner' },
    researchOffice: { email: other.officeEmail, role: 'institution', organization: other.institution },
    enterprise: enterpriseOf,
    application: {
      ...commissionerApplication,
      name: other.name,
      email: other.email,
      homeInstitution: other.institution,
      researchOfficeEmail: other.officeEmail,
    },
    demand: { ...enterpriseDemand, enterpriseName: other.enterprise, contactEmail: other.enterpriseEmail },
  };
}

/** The public notice runs five days: six days after both acceptances the commissioner is dispatched. */
export const sixDays = 6 * 24 * 3600;

/** A calendar date (YYYY-MM-DD) some days on. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The day before the anniversary of a date: the last day of a one-year term. */
export function oneYearFrom(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCFullYear(day.getUTCFullYear() + 1);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** Debian's Chromium, headless and kept off the network except for the runtime under test. */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** The embedded runtime on a throwaway data directory, with a browser to drive its console. */
export class ConsoleHarness {
  private constructor(
    readonly url: string,
    readonly browser: Browser,
    private readonly runtime: { close(): Promise<void> },
    private readonly dataDir: string,
  ) {}

  /** `email`: how the runtime's functions send mail (`EMAIL=smtp npm start`'s path, or SES's). @default 'ses' */
  static async start(dataDirPrefix: string, email: 'ses' | 'smtp' = 'ses'): Promise<ConsoleHarness> {
    const dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
    let runtime: { url: string; close(): Promise<void> } | undefined;
    try {
      runtime = await startEmbeddedRuntime({ port: 0, dataDir, email });
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumFlags });
      return new ConsoleHarness(runtime.url, browser, runtime, dataDir);
    } catch (error) {
      // Nothing would be left to close in afterAll: clean up what did start.
      await runtime?.close();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.runtime.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** Calls the API as `token` (if any), throwing on any status that is not OK. */
  async call<Result>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Result> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
    return payload as Result;
  }

  /** A token of the person, whose membership (for roles other than commissioner) the bureau makes first. */
  async tokenFor(person: Person): Promise<string> {
    return this.members().signIn(person.email, person.role as Role, person.organization);
  }

  /** The person's email and password at the runtime's identity provider, their membership made first. */
  async credentialsOf(person: Person): Promise<Credentials> {
    return this.members().credentialsFor(person.email, person.role as Role, person.organization);
  }

  private client: ApiClient | undefined;

  private members(): ApiClient {
    this.client ??= new ApiClient(this.url);
    return this.client;
  }

  /**
   * A page on the console, once it has finished starting (it sends a visitor without a session to sign in):
   * otherwise that first redirect can land after a later navigation such as actAs's. `locale`: the browser's
   * language, which the console follows.
   */
  async openConsole(
    viewportWidth: number,
    locale: 'en-US' | 'zh-CN' = 'en-US',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({
      locale,
      viewport: { width: viewportWidth, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(this.url);
    await page.getByTestId('sign-in').waitFor();
    return { context, page };
  }

  /**
   * The person signs in at the console through the provider's page (whoever was signed in signs out first).
   * A bureau or panel member is signed in through the API first, which sets up their authenticator: its
   * secret gives the code the provider asks for.
   */
  async actAs(page: Page, person: Person, route: string): Promise<void> {
    const credentials = await this.credentialsOf(person);
    if (rolesNeedingSecondFactor.some((role) => role === person.role)) {
      await this.tokenFor(person);
      const totpSecret = this.members().totpSecretOf(person.email);
      if (totpSecret !== undefined) credentials.totpSecret = totpSecret;
    }
    await signInAtConsole(page, this.url, credentials, route);
  }

  /** Completes the assignee's task of this kind, once the workflow has opened it. */
  async completeTask(token: string, kind: string, decision: string): Promise<void> {
    const task = await eventually(`a ${kind} task`, async () => {
      const { items } = await this.call<{ items: { id: string; kind: string }[] }>(
        'GET',
        '/tasks?limit=200',
        token,
      );
      return items.find((item) => item.kind === kind);
    });
    await this.call('POST', `/tasks/${encodeURIComponent(task.id)}/complete`, token, { decision });
  }

  /** Completes one task, by its id (`<kind>.<subject id>`), once the workflow has opened it for the assignee. */
  async completeTaskOf(token: string, taskId: string, decision: string, reason?: string): Promise<void> {
    await this.untilTask(token, taskId);
    await this.call('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, token, {
      decision,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /** Waits until the workflow has opened the task with this id (`<kind>.<subject id>`) for the assignee. */
  async untilTask(token: string, taskId: string): Promise<void> {
    await eventually(`the task ${taskId}`, async () => {
      const { items } = await this.call<{ items: { id: string }[] }>('GET', '/tasks?limit=200', token);
      return items.some((item) => item.id === taskId) ? true : undefined;
    });
  }

  /** Waits until the resource at `path` (its body's `key`) is in `state`. */
  async untilState(token: string, path: string, key: string, state: string): Promise<void> {
    await eventually(`${path} to be ${state}`, async () => {
      const body = await this.call<Record<string, { state: string }>>('GET', path, token);
      return body[key]?.state === state ? true : undefined;
    });
  }

  /**
   * An approved commissioner in the pool, made through the API: the application's UI has its own test.
   * Returns the tokens used, for seeding that goes on from there.
   */
  async seedApprovedCommissioner(parties: Participants = defaultParticipants): Promise<{
    applicationId: string;
    commissionerId: string;
    tokens: { commissioner: string; researchOffice: string; admin: string };
  }> {
    const [commissionerToken, officeToken, adminToken] = await Promise.all([
      this.tokenFor(parties.commissioner),
      this.tokenFor(parties.researchOffice),
      this.tokenFor(admin),
    ]);
    const submitted = await this.call<{ application: { id: string; applicant: { sub: string } } }>(
      'POST',
      '/applications',
      commissionerToken,
      parties.application,
      { 'idempotency-key': crypto.randomUUID() },
    );
    await this.completeTaskOf(officeToken, `endorse-application.${submitted.application.id}`, 'endorse');
    await this.completeTaskOf(adminToken, `review-application.${submitted.application.id}`, 'approve');
    // The pool is joined by the workflow after the approval is recorded.
    const applicationPath = `/applications/${encodeURIComponent(submitted.application.id)}`;
    await this.untilState(adminToken, applicationPath, 'application', 'approved');
    return {
      applicationId: submitted.application.id,
      commissionerId: submitted.application.applicant.sub,
      tokens: { commissioner: commissionerToken, researchOffice: officeToken, admin: adminToken },
    };
  }

  /** The enterprise's demand, posted and verified by the bureau through the API: the pool's candidates are ranked for it. */
  async seedVerifiedDemand(
    parties: Participants,
    adminToken: string,
  ): Promise<{ demandId: string; enterpriseToken: string }> {
    const enterpriseToken = await this.tokenFor(parties.enterprise);
    const posted = await this.call<{ demand: { id: string } }>(
      'POST',
      '/demands',
      enterpriseToken,
      parties.demand,
      { 'idempotency-key': crypto.randomUUID() },
    );
    await this.completeTaskOf(adminToken, `verify-demand.${posted.demand.id}`, 'verify');
    await this.untilState(
      adminToken,
      `/demands/${encodeURIComponent(posted.demand.id)}`,
      'demand',
      'verified',
    );
    return { demandId: posted.demand.id, enterpriseToken };
  }

  /**
   * A commissioner dispatched to the enterprise, made through the API: the application, the demand and the
   * dispatch each have their own browser test. Returns the dispatch id and the tokens used.
   */
  async seedDispatch(parties: Participants = defaultParticipants): Promise<{
    dispatchId: string;
    tokens: { commissioner: string; researchOffice: string; admin: string; enterprise: string };
  }> {
    const approved = await this.seedApprovedCommissioner(parties);
    const { admin: adminToken, commissioner: applicantToken } = approved.tokens;
    const { demandId, enterpriseToken } = await this.seedVerifiedDemand(parties, adminToken);

    const proposed = await this.call<{ dispatch: { id: string } }>('POST', '/dispatches', adminToken, {
      demandId,
      commissionerId: approved.commissionerId,
    });
    const dispatchPath = `/dispatches/${encodeURIComponent(proposed.dispatch.id)}`;
    await this.completeTaskOf(
      applicantToken,
      `accept-dispatch-commissioner.${proposed.dispatch.id}`,
      'accept',
    );
    await this.completeTaskOf(
      enterpriseToken,
      `accept-dispatch-enterprise.${proposed.dispatch.id}`,
      'accept',
    );
    await this.untilState(adminToken, dispatchPath, 'dispatch', 'in_notice');
    await this.call('POST', '/local/clock', undefined, { advanceSeconds: sixDays });
    await this.untilState(adminToken, dispatchPath, 'dispatch', 'dispatched');
    return { dispatchId: proposed.dispatch.id, tokens: { ...approved.tokens, enterprise: enterpriseToken } };
  }

  /**
   * An active agreement, drafted and signed by all four through the API (the agreement's UI has its own
   * test): a one-year term starting ten days after the runtime's today, on the given goals and cadence.
   */
  async seedActiveAgreement(
    goals: Record<string, number>,
    cadence: string,
  ): Promise<{
    agreementId: string;
    termStart: string;
    tokens: { commissioner: string; researchOffice: string; admin: string; enterprise: string };
  }> {
    const [seeded] = await this.seedActiveAgreements(goals, cadence, [defaultParticipants]);
    if (!seeded) throw new Error('one agreement was seeded');
    return seeded;
  }

  /**
   * One active agreement for each of `everyone`, the same term for all: each commissioner dispatched in turn
   * (every dispatch's notice moves the clock on), then each agreement drafted and signed by its four parties.
   */
  async seedActiveAgreements(
    goals: Record<string, number>,
    cadence: string,
    everyone: readonly Participants[],
  ): Promise<
    {
      agreementId: string;
      termStart: string;
      tokens: { commissioner: string; researchOffice: string; admin: string; enterprise: string };
    }[]
  > {
    const dispatched = [];
    for (const parties of everyone) dispatched.push(await this.seedDispatch(parties));
    const { now } = await this.call<{ now: string }>('GET', '/local/clock');
    const termStart = addDays(chinaDate(now), 10);
    const seeded = [];
    for (const { dispatchId, tokens } of dispatched) {
      const { agreement } = await this.call<{ agreement: { id: string } }>(
        'POST',
        '/agreements',
        tokens.admin,
        { dispatchId, termStart, termEnd: oneYearFrom(termStart), goals, cadence },
      );
      await this.completeTaskOf(tokens.commissioner, `sign-agreement-commissioner.${agreement.id}`, 'sign');
      await this.completeTaskOf(tokens.researchOffice, `sign-agreement-institution.${agreement.id}`, 'sign');
      await this.completeTaskOf(tokens.enterprise, `sign-agreement-enterprise.${agreement.id}`, 'sign');
      await this.completeTaskOf(tokens.admin, `countersign-agreement.${agreement.id}`, 'countersign');
      await this.untilState(
        tokens.admin,
        `/agreements/${encodeURIComponent(agreement.id)}`,
        'agreement',
        'active',
      );
      seeded.push({ agreementId: agreement.id, termStart, tokens });
    }
    return seeded;
  }

  /**
   * A graded programme year, through the API (the report's and the assessment's UI have their own tests): an
   * active quarterly agreement for each of `everyone`, the first period's report of each submitted with
   * `counts[i]`, confirmed and accepted; the year of those periods opened for assessment; each commissioner
   * rated by their enterprise and graded by the bureau `grades[i]`. Returns the year and each assessment's id.
   */
  async seedGradedYear(
    everyone: readonly Participants[],
    counts: readonly Record<string, number>[],
    grades: readonly string[],
  ): Promise<{ year: string; assessmentIds: string[]; adminToken: string }> {
    const goals = Object.fromEntries(Object.keys(counts[0] ?? {}).map((category) => [category, 2]));
    const seeded = await this.seedActiveAgreements(goals, 'quarterly', everyone);
    const adminToken = await this.tokenFor(admin);
    const firstPeriods = await Promise.all(
      seeded.map(async ({ agreementId }) => {
        const [first] = await this.reportPeriodsOf(adminToken, agreementId);
        if (!first) throw new Error('an active quarterly agreement has report periods');
        return first;
      }),
    );
    const year = firstPeriods[0]?.end.slice(0, 4) ?? '';
    const termStart = seeded[0]?.termStart ?? '';

    // Every first period opens at midnight China time on the term's first day.
    await this.advanceTo(termStart, '00:30');
    for (const [index, { tokens }] of seeded.entries()) {
      const reportId = firstPeriods[index]?.id ?? '';
      const reportPath = `/reports/${encodeURIComponent(reportId)}`;
      await this.untilState(adminToken, reportPath, 'report', 'open');
      await this.call('POST', `${reportPath}/versions`, tokens.commissioner, {
        counts: counts[index],
        narrative: '完成企业生产线技术改造方案，解决关键技术难题，开展员工技术培训。',
        evidence: [],
      });
      await this.untilState(adminToken, reportPath, 'report', 'submitted');
      await this.completeTaskOf(tokens.enterprise, `confirm-report.${reportId}`, 'confirm');
      await this.untilState(adminToken, reportPath, 'report', 'confirmed');
      await this.completeTaskOf(adminToken, `review-report.${reportId}`, 'accept');
      await this.untilState(adminToken, reportPath, 'report', 'accepted');
    }

    await this.call('POST', '/assessments', adminToken, { year });
    const assessmentIds = seeded.map(({ agreementId }) => `${year}.${agreementId}`);
    for (const [index, { tokens }] of seeded.entries()) {
      const id = assessmentIds[index] ?? '';
      const path = `/assessments/${encodeURIComponent(id)}`;
      await this.untilTask(tokens.enterprise, `rate-commissioner.${id}`);
      await this.call('POST', `${path}/rating`, tokens.enterprise, {
        score: 5,
        comment: '服务及时，效果显著。',
      });
      await this.untilState(adminToken, path, 'assessment', 'scored');
      const grade = grades[index] ?? 'good';
      await this.completeTaskOf(
        adminToken,
        `grade-commissioner.${id}`,
        grade,
        grade === 'incompetent' ? '全年成果不足' : undefined,
      );
      await this.untilState(adminToken, path, 'assessment', 'graded');
    }
    return { year, assessmentIds, adminToken };
  }

  /**
   * An active agreement's report periods, once the workflow has written them (it does so after the agreement
   * is recorded active).
   */
  async reportPeriodsOf(token: string, agreementId: string): Promise<{ id: string; end: string }[]> {
    return eventually(`the report periods of ${agreementId}`, async () => {
      const { agreement } = await this.call<{ agreement: { reportPeriods: { id: string; end: string }[] } }>(
        'GET',
        `/agreements/${encodeURIComponent(agreementId)}`,
        token,
      );
      return agreement.reportPeriods.length > 0 ? agreement.reportPeriods : undefined;
    });
  }

  /** Moves the runtime's clock on to `hh:mm` China time on `date`, which must be ahead of it. */
  async advanceTo(date: string, time: string): Promise<void> {
    const { now } = await this.call<{ now: string }>('GET', '/local/clock');
    const seconds = Math.floor((Date.parse(`${date}T${time}:00+08:00`) - Date.parse(now)) / 1000);
    if (seconds <= 0) throw new Error(`the clock (${now}) is past ${date} ${time} already`);
    await this.call('POST', '/local/clock', undefined, { advanceSeconds: seconds });
  }
}

/**
 * Signs in at the console as a person does, the one way every deployment has: the console's sign-in button,
 * the identity provider's own page (email and password), and back to the console, signed in, at `route`.
 * Whoever was signed in on the page signs out first, at the console and at the provider. When the provider has
 * the person set up an authenticator, its secret is kept in `credentials`.
 */
export async function signInAtConsole(
  page: Page,
  consoleUrl: string,
  credentials: Credentials,
  route: string,
): Promise<void> {
  if (await page.getByTestId('sign-out').isVisible()) await signOutAtConsole(page);
  // Without a session the console keeps the route and sends the reader to its sign-in page.
  await page.goto(`${consoleUrl}/#${route}`);
  await page.waitForURL(/#\/sign-in$/);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/oidc\/interaction\//);
  // The provider's pages until the console has the person signed in: the password, and for the bureau and
  // panel the authenticator's code (after the password again when the console had to ask for it).
  const account = page.getByTestId('account').getByText(credentials.email, { exact: true });
  const password = page.locator('#password');
  const code = page.locator('#code');
  for (let step = 0; step < 5; step += 1) {
    await account.or(password).or(code).first().waitFor();
    if (await account.isVisible()) break;
    if (await code.isVisible()) {
      const enrolling = page.getByTestId('totp-secret');
      const secret = (await enrolling.isVisible()) ? await enrolling.textContent() : credentials.totpSecret;
      if (!secret)
        throw new Error(`the provider asks ${credentials.email} for a code, and no secret is known`);
      credentials.totpSecret = secret.trim();
      await code.fill(totpCode(credentials.totpSecret, Date.now()));
    } else {
      await page.locator('#email').fill(credentials.email);
      await password.fill(credentials.password);
    }
    // The form posts to the provider, which answers with its next page or sends the reader on.
    await Promise.all([
      page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()),
      page.locator('button[type=submit]').click(),
    ]);
  }
  await account.waitFor();
  await page.waitForURL((url) => url.hash === `#${route}`);
}

/**
 * Signs out at the console, which ends the provider's session too (RP-initiated logout): the provider asks to
 * confirm, then sends the reader back to the console's sign-in page.
 */
export async function signOutAtConsole(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  const confirm = page.getByRole('button', { name: /sign me out/i });
  const signIn = page.getByTestId('sign-in');
  await confirm.or(signIn).first().waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await signIn.waitFor();
}

/** The calendar date in China of an instant: the day report periods open and fall due on. */
function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Polls until `read` gives a value, for what workflows do in the background. */
export async function eventually<Value>(
  what: string,
  read: () => Promise<Value | undefined>,
): Promise<Value> {
  const giveUpAt = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Workflows move on in the background: refresh the page until the locator appears. */
export async function refreshUntilVisible(page: Page, target: Locator, timeoutMs = 30_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const visible = await target
      .first()
      .waitFor({ timeout: 1_000 })
      .then(
        () => true,
        () => false,
      );
    if (visible) return;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${target}`);
    await page.getByTestId('refresh').click();
  }
}

/** The state badge in the page heading, not those of rows listed below it. */
export function stateBadge(page: Page, state: string): Locator {
  return page.locator(`.page-heading [data-testid="state"][data-state="${state}"]`);
}
