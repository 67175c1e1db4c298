import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  admin,
  commissionerApplication as application,
  ConsoleHarness,
  commissioner,
  enterprise,
  oneYearFrom,
  type Person,
  refreshUntilVisible,
  researchOffice,
  stateBadge,
} from './browserSupport.ts';

/** The goals the bureau sets, by the English label of each outcome category's input. */
const goals: [label: string, category: string, count: number][] = [
  ['Technical problems solved', 'technicalProblemsSolved', 3],
  ['Technical trainings', 'technicalTrainings', 2],
  ['Patents applied for', 'patentsApplied', 2],
  ['S&T projects', 'scienceTechProjects', 1],
];

let harness: ConsoleHarness;
let dispatchId: string;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-agreement-');
  ({ dispatchId } = await harness.seedDispatch());
});

afterAll(async () => {
  await harness?.close();
});

/** Signs (or countersigns) the agreement on the signer's task list, where the task is named in words. */
async function decideOnTasks(
  page: Page,
  person: Person,
  kind: string,
  decision: string,
  labels: { kind: string; decision: string; decline: string },
): Promise<void> {
  await harness.actAs(page, person, '/tasks');
  const title = `${application.name} · ${enterprise.organization}`;
  const task = page.locator(`[data-testid="task"][data-task-kind="${kind}"]`, { hasText: title });
  await refreshUntilVisible(page, task);
  const row = task.first();
  expect(await row.locator('td').first().textContent()).toBe(labels.kind);
  expect(await row.getByTestId(`decision-${decision}`).textContent()).toBe(labels.decision);
  expect(await row.getByTestId('decision-decline').textContent()).toBe(labels.decline);
  // The task links to the agreement it is about.
  expect(await row.getByRole('link', { name: title }).getAttribute('href')).toBe(
    `#/agreements/${encodeURIComponent(dispatchId)}`,
  );
  await row.getByTestId(`decision-${decision}`).click();
  await page.getByTestId('notice').filter({ hasText: title }).waitFor();
}

describe('console: the cooperation agreement', () => {
  it('is drafted by the bureau, signed by all three parties, countersigned and becomes active', {
    timeout: 240_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);

    // The bureau opens the dispatch and finds the form that drafts its agreement.
    const dispatchRoute = `/dispatches/${encodeURIComponent(dispatchId)}`;
    await harness.actAs(page, admin, dispatchRoute);
    await stateBadge(page, 'dispatched').waitFor();
    const form = page.getByTestId('agreement-form');
    await form.waitFor();
    expect(await form.getByLabel('Reporting cadence').inputValue()).toBe('quarterly');
    expect(await form.getByLabel('Patents granted').inputValue()).toBe('0');

    // A one-year term starting ten days after the runtime's today; the end is offered once the start is set.
    const { now } = await harness.call<{ now: string }>('GET', '/local/clock');
    const termStart = addDays(now.slice(0, 10), 10);
    const termEnd = oneYearFrom(termStart);
    await form.getByLabel('Term starts').fill(termStart);
    expect(await form.getByLabel('Term ends').inputValue()).toBe(termEnd);
    for (const [label, , count] of goals) await form.getByLabel(label, { exact: true }).fill(String(count));

    // What the browser lets through and the server refuses is shown next to the field concerned.
    await form.evaluate((element) => {
      (element as HTMLFormElement).noValidate = true;
    });
    await form.getByLabel('Patents granted').fill('-1');
    await form.getByTestId('submit-agreement').click();
    await form.getByTestId('error-goals.patentsGranted').filter({ hasText: 'Must be at least 0' }).waitFor();
    expect(await form.getByLabel('Patents granted').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Patents granted').fill('0');
    await form.getByLabel('Term ends').fill(addDays(termStart, -1));
    await form.getByTestId('submit-agreement').click();
    await form.getByTestId('error-termEnd').filter({ hasText: 'Must be after the start date' }).waitFor();
    expect(await form.getByTestId('error-goals.patentsGranted').isHidden()).toBe(true);
    await form.getByLabel('Term ends').fill(termEnd);
    await page.screenshot({ path: '/tmp/console-agreement-draft.png', fullPage: true });

    // Drafted: the console goes to the agreement, whose id is the dispatch's.
    await form.getByTestId('submit-agreement').click();
    await stateBadge(page, 'awaiting_signatures').waitFor();
    const agreementRoute = `/agreements/${encodeURIComponent(dispatchId)}`;
    expect(new URL(page.url()).hash).toBe(`#${agreementRoute}`);
    expect(await page.getByTestId('term').textContent()).toContain(
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${termStart}T00:00:00Z`),
      ),
    );
    expect(await page.getByTestId('cadence').textContent()).toBe('Quarterly');
    for (const [, category, count] of goals) {
      expect(await page.locator(`[data-goal="${category}"] td`).textContent(), category).toBe(String(count));
    }
    expect(await page.locator('[data-goal="patentsGranted"] td').textContent()).toBe('0');
    expect(await page.getByTestId('signature-pending').count()).toBe(4);

    // The dispatch now links to its agreement instead of offering the form again.
    await harness.actAs(page, admin, dispatchRoute);
    await page.getByTestId('open-agreement').waitFor();
    expect(await page.getByTestId('agreement-form').count()).toBe(0);
    expect(await page.getByTestId('open-agreement').getAttribute('href')).toBe(`#${agreementRoute}`);
    expect(await page.getByTestId('agreement-state').getAttribute('data-state')).toBe('awaiting_signatures');

    // The commissioner reads the terms first, and is told where to sign.
    await harness.actAs(page, commissioner, agreementRoute);
    await page.getByTestId('notice').filter({ hasText: 'Your signature is requested' }).waitFor();
    expect(await page.getByTestId('terms-hash').first().textContent()).toMatch(/^[0-9a-f]{12}…$/);

    // The commissioner, the research office and the enterprise each sign on their task list.
    const signing = { decision: 'Sign', decline: 'Decline to sign' };
    await decideOnTasks(page, commissioner, 'sign-agreement-commissioner', 'sign', {
      kind: 'Sign agreement (commissioner)',
      ...signing,
    });
    await decideOnTasks(page, researchOffice, 'sign-agreement-institution', 'sign', {
      kind: 'Sign agreement (home institution)',
      ...signing,
    });
    await decideOnTasks(page, enterprise, 'sign-agreement-enterprise', 'sign', {
      kind: 'Sign agreement (enterprise)',
      ...signing,
    });

    // The enterprise sees the three signatures, the bureau's still to come.
    await page.getByRole('navigation').getByRole('link', { name: 'Agreements' }).click();
    await page.getByTestId('agreements').getByRole('link', { name: application.name }).click();
    await refreshUntilVisible(page, stateBadge(page, 'awaiting_countersignature'));
    expect(await page.getByTestId('signature').count()).toBe(3);

    // The bureau countersigns.
    await decideOnTasks(page, admin, 'countersign-agreement', 'countersign', {
      kind: 'Countersign agreement',
      decision: 'Countersign',
      decline: 'Decline to countersign',
    });

    // Active, signed four times over the same terms, with four quarterly report periods.
    await harness.actAs(page, admin, '/agreements');
    const listed = page.getByTestId('agreement').filter({ hasText: application.name });
    await refreshUntilVisible(page, listed.locator('[data-testid="state"][data-state="active"]'));
    await listed.getByRole('link', { name: application.name }).click();
    await stateBadge(page, 'active').waitFor();
    // Activation writes the periods one after another: wait for the fourth.
    await refreshUntilVisible(page, page.getByTestId('report-period').nth(3));
    const signatures = page.getByTestId('signature');
    expect(await signatures.count()).toBe(4);
    expect(await signatures.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-party')))).toEqual(
      ['commissioner', 'institution', 'enterprise', 'bureau'],
    );
    for (const hash of await page.getByTestId('signature-hash').all()) {
      expect(await hash.getAttribute('data-matches')).toBe('true');
      expect(await hash.textContent()).toContain('✓');
    }
    expect(await signatures.filter({ hasText: researchOffice.email }).count()).toBe(1);
    const periods = page.getByTestId('report-period');
    expect(await periods.count()).toBe(4);
    expect(await periods.first().locator('td').first().textContent()).toBe('1');
    expect(
      await periods.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-period-state'))),
    ).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled']);
    expect(await periods.first().textContent()).toContain('Not started');
    const audit = await page.getByTestId('audit').textContent();
    expect(audit).toContain('Drafted');
    expect(audit).toContain('Countersigned');
    await page.screenshot({ path: '/tmp/console-agreement-active.png', fullPage: true });

    // The same page in Chinese.
    await page.getByTestId('language').selectOption('zh-CN');
    await page.locator('.page-heading [data-testid="state"]', { hasText: '已生效' }).waitFor();
    expect(await page.getByTestId('cadence').textContent()).toBe('每季度');
    expect(await page.locator('[data-goal="patentsApplied"] th').textContent()).toBe('申请专利');
    expect(await periods.first().textContent()).toContain('未开始');
    await page.screenshot({ path: '/tmp/console-agreement-active-zh.png', fullPage: true });

    await context.close();
  });
});
