import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeCategories } from '#shared/outcomes.ts';
import { admin, ConsoleHarness, commissioner, enterprise, refreshUntilVisible } from './browserSupport.ts';

/*
 * Commissioners and enterprise staff mostly open the emailed links on their phones: at a 390-pixel-wide
 * viewport every page they reach fits its width, with no sideways scrolling of the page or of a table in it.
 */

const phoneWidth = 390;

let harness: ConsoleHarness;
let agreementId: string;
let reportId: string;
let ids: { application: string; dispatch: string; demand: string };

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-phone-');
  const goals = Object.fromEntries(outcomeCategories.map((category) => [category, 2]));
  const seeded = await harness.seedActiveAgreement(goals, 'quarterly');
  ({ agreementId } = seeded);
  const [first] = await harness.reportPeriodsOf(seeded.tokens.admin, agreementId);
  if (!first) throw new Error('an active quarterly agreement has report periods');
  reportId = first.id;
  const { agreement } = await harness.call<{ agreement: { dispatchId: string; demandId: string } }>(
    'GET',
    `/agreements/${encodeURIComponent(agreementId)}`,
    seeded.tokens.admin,
  );
  const applications = await harness.call<{ items: { id: string }[] }>(
    'GET',
    '/applications',
    seeded.tokens.commissioner,
  );
  const application = applications.items[0]?.id;
  if (!application) throw new Error('the commissioner has applied');
  ids = { application, dispatch: agreement.dispatchId, demand: agreement.demandId };
  // The first period opens at midnight China time on the term's first day.
  await harness.advanceTo(seeded.termStart, '00:30');
  await harness.untilState(seeded.tokens.admin, `/reports/${encodeURIComponent(reportId)}`, 'report', 'open');
});

afterAll(async () => {
  await harness?.close();
});

/**
 * What is wider than the viewport: the page itself, and any element that scrolls sideways or reaches past the
 * viewport's right edge, each named by its tag, test id and class (empty when everything fits).
 */
function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (element: Element) =>
      [
        element.tagName.toLowerCase(),
        element.getAttribute('data-testid') ? `[data-testid=${element.getAttribute('data-testid')}]` : '',
        element.classList.length > 0 ? `.${[...element.classList].join('.')}` : '',
      ].join('');
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    }
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      // Not shown, or shown to screen readers only (a 1-pixel clipped box).
      if (box.width <= 1 || box.height <= 1) continue;
      if (
        element.scrollWidth > element.clientWidth + 1 &&
        getComputedStyle(element).overflowX !== 'visible'
      ) {
        found.push(
          `${name(element)} scrolls sideways (${element.scrollWidth} px in ${element.clientWidth} px)`,
        );
      } else if (box.right > width + 1) {
        found.push(`${name(element)} reaches ${Math.round(box.right)} px`);
      }
    }
    return found;
  });
}

/** Opens `route` and waits until its page has its heading and has finished loading, without an error. */
async function openPage(page: Page, route: string): Promise<void> {
  await page.goto(`${harness.url}/#${route}`);
  await page.locator('.page h1, .page .notice-error').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.page')?.textContent?.includes('Loading…'));
  expect(await page.locator('.page .notice-error').allTextContents(), route).toEqual([]);
}

describe('console: on a phone', () => {
  it('fits 390 pixels: the task list, the agreement, the report form and the folded menu', {
    timeout: 300_000,
  }, async () => {
    const { context, page } = await harness.openConsole(phoneWidth);
    const agreementRoute = `/agreements/${encodeURIComponent(agreementId)}`;
    const reportRoute = `/reports/${encodeURIComponent(reportId)}`;

    // The commissioner's task list, with the report to submit on it.
    await harness.actAs(page, commissioner, '/tasks');
    await refreshUntilVisible(page, page.locator('[data-testid="task"][data-task-kind="submit-report"]'));
    await page.screenshot({ path: '/tmp/console-phone-tasks.png', fullPage: true });
    expect(await sidewaysOverflow(page)).toEqual([]);

    // The menu is folded behind one button, and unfolds over the page.
    const menu = page.getByRole('button', { name: 'Menu' });
    const myApplications = page.getByRole('link', { name: 'My applications' });
    expect(await myApplications.isVisible()).toBe(false);
    await menu.click();
    await myApplications.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: '/tmp/console-phone-menu.png' });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await menu.click();
    await myApplications.waitFor({ state: 'hidden' });

    // The agreement: its parties, terms, goals, signatures, periods and progress, stacked.
    await page.goto(`${harness.url}/#${agreementRoute}`);
    await page.getByTestId('report-period').first().waitFor();
    const signature = page.getByTestId('signature').first();
    await signature.waitFor();
    await page.screenshot({ path: '/tmp/console-phone-agreement.png', fullPage: true });
    expect(await sidewaysOverflow(page)).toEqual([]);
    // A stacked cell still says which column it was: its header is shown beside it.
    const periodCell = page.getByTestId('period-versions').first();
    expect(await periodCell.getAttribute('data-label')).toBe('Versions');
    expect(
      await periodCell.evaluate((cell) => getComputedStyle(cell, '::before').content.replaceAll('"', '')),
    ).toBe('Versions');

    // The report form, with an entry of evidence added.
    await page.goto(`${harness.url}/#${reportRoute}`);
    const form = page.getByTestId('report-form');
    await form.waitFor();
    await form.getByRole('button', { name: 'Add evidence' }).click();
    await form.getByRole('group', { name: 'Evidence 1', exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/console-phone-report-form.png', fullPage: true });
    expect(await sidewaysOverflow(page)).toEqual([]);

    // The enterprise's view of the agreement, and the bureau's with its audit trail.
    for (const person of [enterprise, admin]) {
      await harness.actAs(page, person, agreementRoute);
      await page.getByTestId('report-period').first().waitFor();
      expect(await sidewaysOverflow(page)).toEqual([]);
    }
    await page.screenshot({ path: '/tmp/console-phone-agreement-bureau.png', fullPage: true });
    await context.close();
  });

  it('fits 390 pixels on every other page the commissioner, the enterprise and the bureau open', {
    timeout: 300_000,
  }, async () => {
    const { context, page } = await harness.openConsole(phoneWidth);
    const pagesOf = [
      {
        person: commissioner,
        routes: [
          '/applications',
          '/applications/new',
          `/applications/${encodeURIComponent(ids.application)}`,
          '/dispatches',
          `/dispatches/${encodeURIComponent(ids.dispatch)}`,
          '/agreements',
          '/assessments',
          '/notices',
          '/stats',
        ],
      },
      {
        person: enterprise,
        routes: ['/demands', '/demands/new', `/demands/${encodeURIComponent(ids.demand)}`],
      },
      {
        person: admin,
        routes: [
          '/tasks',
          `/applications/${encodeURIComponent(ids.application)}`,
          `/demands/${encodeURIComponent(ids.demand)}`,
          `/dispatches/${encodeURIComponent(ids.dispatch)}`,
          '/people',
          '/rubric',
          '/commendation-rounds',
          '/outbox',
        ],
      },
    ];
    const overflowing: Record<string, string[]> = {};
    for (const { person, routes } of pagesOf) {
      await harness.actAs(page, person, routes[0] ?? '/tasks');
      for (const route of routes) {
        await openPage(page, route);
        const found = await sidewaysOverflow(page);
        if (found.length > 0) overflowing[`${person.role} ${route}`] = found;
      }
    }
    expect(overflowing).toEqual({});
    await context.close();
  });
});
