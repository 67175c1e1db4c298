import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRuntime } from '#local/runtime.ts';

/** Who takes part; the enterprise's organization is also the demand's enterprise name. */
const commissioner = { email: 'li.wei@example.edu.cn', role: 'commissioner' } as const;
const researchOffice = { email: 'kyy@zju.edu.cn', role: 'institution', organization: '浙江大学' } as const;
const admin = { email: 'admin@bureau.example.gov.cn', role: 'admin' } as const;
const enterprise = {
  email: 'zhang.ming@yuhang-jingmi.example.com',
  role: 'enterprise',
  organization: '杭州余杭精密机械有限公司',
} as const;
type Person = { email: string; role: string; organization?: string };

const application = {
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

const demand = {
  // 17 characters and the check character that GB 32100-2015 gives them.
  creditCode: '91330110MA2B3C4D56',
  problem: '生产线上的精密零件表面缺陷依靠人工目检，漏检率高、效率低，希望引入机器视觉实现自动检测。',
  technicalFields: '机器视觉、质量检测',
  location: '杭州市余杭区',
  contactName: '张明',
  contactPhone: '13900001111',
};

const sixDays = 6 * 24 * 3600;

let runtime: { url: string; close(): Promise<void> };
let browser: Browser;
let dataDir: string;
let applicationId: string;

async function call<Result>(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Result> {
  const response = await fetch(`${runtime.url}${path}`, {
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

async function tokenFor(person: Person): Promise<string> {
  const { token } = await call<{ token: string }>('POST', '/local/sign-in', undefined, person);
  return token;
}

/** Workflows open tasks asynchronously: poll the assignee's list until the task is there. */
async function openTask(token: string, kind: string): Promise<{ id: string }> {
  const giveUpAt = Date.now() + 30_000;
  for (;;) {
    const { items } = await call<{ items: { id: string; kind: string }[] }>('GET', '/tasks', token);
    const task = items.find((item) => item.kind === kind);
    if (task) return task;
    if (Date.now() > giveUpAt) throw new Error(`no ${kind} task appeared`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** An approved commissioner in the pool, made through the API: the application's UI has its own test. */
async function seedApprovedCommissioner(): Promise<void> {
  const [applicantToken, officeToken, adminToken] = await Promise.all([
    tokenFor(commissioner),
    tokenFor(researchOffice),
    tokenFor(admin),
  ]);
  const submitted = await call<{ application: { id: string } }>(
    'POST',
    '/applications',
    applicantToken,
    application,
    { 'idempotency-key': crypto.randomUUID() },
  );
  applicationId = submitted.application.id;
  const endorsement = await openTask(officeToken, 'endorse-application');
  await call('POST', `/tasks/${encodeURIComponent(endorsement.id)}/complete`, officeToken, {
    decision: 'endorse',
  });
  const review = await openTask(adminToken, 'review-application');
  await call('POST', `/tasks/${encodeURIComponent(review.id)}/complete`, adminToken, { decision: 'approve' });
  // The pool is joined by the workflow after the approval is recorded.
  const giveUpAt = Date.now() + 30_000;
  for (;;) {
    const { application: current } = await call<{ application: { state: string } }>(
      'GET',
      `/applications/${encodeURIComponent(applicationId)}`,
      adminToken,
    );
    if (current.state === 'approved') return;
    if (Date.now() > giveUpAt) throw new Error(`the application stayed ${current.state}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'console-dispatch-'));
  runtime = await startEmbeddedRuntime({ port: 0, dataDir });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  await seedApprovedCommissioner();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Signs in through the API and stores the session where the console keeps it (see console/src/session.ts). */
async function actAs(page: Page, person: Person, route: string): Promise<void> {
  const session = { token: await tokenFor(person), ...person };
  await page.evaluate((stored) => {
    localStorage.setItem('commissioner-console.session', stored);
  }, JSON.stringify(session));
  await page.goto(`${runtime.url}/#${route}`);
  await page.reload();
  await page.getByTestId('account').getByText(person.email).waitFor();
}

/** Workflows move on in the background: refresh the page until the locator appears. */
async function refreshUntilVisible(page: Page, target: Locator, timeoutMs = 30_000): Promise<void> {
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

function stateBadge(page: Page, state: string): Locator {
  return page.locator(`.page-heading [data-testid="state"][data-state="${state}"]`);
}

describe('console: an enterprise demand from posting to dispatch', () => {
  it('is posted, verified, matched, proposed, accepted, noticed and dispatched', {
    timeout: 180_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Let the console finish starting (it sends a visitor without a session to sign in) before a session is
    // put in its storage: otherwise that first redirect can land after actAs's navigation.
    await page.goto(runtime.url);
    await page.getByTestId('sign-in').waitFor();

    // The commissioner's service areas are on the application.
    await actAs(page, admin, `/applications/${encodeURIComponent(applicationId)}`);
    await page.getByTestId('current-form').waitFor();
    expect(await page.locator('[data-field-value="serviceAreas"]').textContent()).toBe('余杭区, 临平区');

    // The enterprise posts a demand; its name comes from the session.
    await actAs(page, enterprise, '/demands');
    await page.getByRole('navigation').getByRole('link', { name: 'New demand' }).click();
    const enterpriseName = page.getByLabel('Enterprise', { exact: true });
    expect(await enterpriseName.inputValue()).toBe(enterprise.organization);
    await page.getByLabel('Unified social credit code').fill(demand.creditCode.toLowerCase());
    expect(await page.getByLabel('Unified social credit code').inputValue()).toBe(demand.creditCode);
    await page.getByLabel('Technical problem').fill(demand.problem);
    await page.getByLabel('Industry').selectOption('advancedManufacturing');
    await page.getByLabel('Technical fields needed').fill(demand.technicalFields);
    await page.getByLabel('Location', { exact: true }).fill(demand.location);
    await page.getByLabel('Contact person').fill(demand.contactName);
    await page.getByLabel('Contact mobile phone').fill(demand.contactPhone);
    await page.getByLabel('Contact email').fill(enterprise.email);
    await page.getByTestId('submit-demand').click();
    await page.getByTestId('audit').waitFor();
    await stateBadge(page, 'awaiting_verification').waitFor();
    expect(await page.locator('[data-field-value="technicalFields"]').textContent()).toBe(
      '机器视觉, 质量检测',
    );

    // The bureau verifies it on the task list.
    await actAs(page, admin, '/tasks');
    const verification = page.locator('[data-testid="task"][data-task-kind="verify-demand"]', {
      hasText: enterprise.organization,
    });
    await refreshUntilVisible(page, verification);
    expect(await verification.textContent()).toContain('Verify demand');
    await verification.getByTestId('decision-verify').click();
    await page.getByTestId('notice').filter({ hasText: enterprise.organization }).waitFor();

    // The bureau opens the demand and sees the ranked candidates, each score explained.
    await page.getByRole('navigation').getByRole('link', { name: 'Demands' }).click();
    await page.getByTestId('demands').getByRole('link', { name: enterprise.organization }).click();
    await refreshUntilVisible(page, stateBadge(page, 'verified'));
    const candidate = page.getByTestId('candidate').filter({ hasText: application.name });
    await candidate.waitFor();
    expect(await candidate.locator('td').first().textContent()).toBe('1');
    expect(await candidate.textContent()).toContain(application.homeInstitution);
    // Half the technical fields match; industry, service area and load all do: 20 + 25 + 15 + 20.
    expect(await candidate.getByTestId('score').locator('strong').textContent()).toBe('80');
    const fields = candidate.locator('[data-criterion="technicalFields"]');
    expect(await fields.locator('.points').textContent()).toBe('20 / 40');
    expect(await fields.getByTestId('matched').textContent()).toBe('机器视觉');
    expect(await fields.getByTestId('explanation').textContent()).toContain('1 of 2 technical fields match');
    const industry = candidate.locator('[data-criterion="industry"]');
    expect(await industry.getByTestId('matched').textContent()).toBe('Advanced manufacturing');
    const area = candidate.locator('[data-criterion="location"]');
    expect(await area.locator('.points').textContent()).toBe('15 / 15');
    expect(await area.getByTestId('matched').textContent()).toBe('余杭区');
    expect(await area.getAttribute('title')).toContain('余杭区');
    const load = candidate.locator('[data-criterion="load"]');
    expect(await load.getByTestId('matched').textContent()).toBe('Serves 0 enterprise(s)');
    await page.screenshot({ path: '/tmp/console-candidates.png', fullPage: true });

    // The bureau proposes the commissioner and lands on the dispatch.
    await candidate.getByTestId('propose').click();
    await stateBadge(page, 'awaiting_acceptance').waitFor();
    const dispatchRoute = new URL(page.url()).hash;
    expect(dispatchRoute).toMatch(/^#\/dispatches\/[^/]+\.[^/]+$/);

    // The commissioner accepts on the task list.
    await actAs(page, commissioner, '/tasks');
    const commissionerAnswer = page.locator(
      '[data-testid="task"][data-task-kind="accept-dispatch-commissioner"]',
      { hasText: enterprise.organization },
    );
    await refreshUntilVisible(page, commissionerAnswer);
    await commissionerAnswer.getByTestId('decision-accept').click();
    await page.getByTestId('notice').filter({ hasText: enterprise.organization }).waitFor();

    // The enterprise accepts too.
    await actAs(page, enterprise, '/tasks');
    const enterpriseAnswer = page.locator(
      '[data-testid="task"][data-task-kind="accept-dispatch-enterprise"]',
      {
        hasText: application.name,
      },
    );
    await refreshUntilVisible(page, enterpriseAnswer);
    await enterpriseAnswer.getByTestId('decision-accept').click();
    await page.getByTestId('notice').filter({ hasText: application.name }).waitFor();

    // The dispatch goes under public notice, where anyone signed in may object.
    await page.getByRole('navigation').getByRole('link', { name: 'Dispatches' }).click();
    await page.getByTestId('dispatches').getByRole('link', { name: application.name }).click();
    await refreshUntilVisible(page, stateBadge(page, 'in_notice'));
    expect(await page.getByTestId('answer-commissioner').textContent()).toContain('Accepted');
    expect(await page.getByTestId('answer-enterprise').textContent()).toContain('Accepted');
    expect(await page.getByTestId('problem').textContent()).toBe(demand.problem);
    await page.getByTestId('notice-window').waitFor();
    await page.getByTestId('objection-form').waitFor();
    await page.screenshot({ path: '/tmp/console-dispatch-notice.png', fullPage: true });

    // The public notice lists it, for the research office as for anyone signed in.
    await actAs(page, researchOffice, '/tasks');
    await page.getByRole('navigation').getByRole('link', { name: 'Public notices' }).click();
    const noticeRow = page.getByTestId('notice-row').filter({ hasText: application.name });
    await noticeRow.waitFor();
    expect(await noticeRow.textContent()).toContain(enterprise.organization);
    expect(await noticeRow.textContent()).toContain(demand.location);
    await noticeRow.getByRole('link').click();
    await stateBadge(page, 'in_notice').waitFor();
    expect(new URL(page.url()).hash).toBe(dispatchRoute);

    // The notice runs five days; six days later, with no objection, the commissioner is dispatched.
    await call('POST', '/local/clock', undefined, { advanceSeconds: sixDays });
    await actAs(page, enterprise, dispatchRoute.replace(/^#/, ''));
    await refreshUntilVisible(page, stateBadge(page, 'dispatched'));
    expect(await page.getByTestId('audit').textContent()).toContain('Public notice opened');

    // The commissioner is told.
    await page.getByRole('navigation').getByRole('link', { name: 'Outbox (local demo)' }).click();
    const confirmation = page
      .getByTestId('outbox-message')
      .filter({ hasText: commissioner.email })
      .filter({ hasText: `Dispatched: ${application.name} to ${enterprise.organization}` });
    await refreshUntilVisible(page, confirmation);
    await confirmation.first().getByRole('button').click();
    expect(await page.getByTestId('outbox-text').textContent()).toContain('is dispatched to');

    await context.close();
  });
});
