import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '#test/support/eventually.ts';
import {
  admin,
  commissionerApplication as application,
  ConsoleHarness,
  commissioner,
  enterprise,
  refreshUntilVisible,
  researchOffice,
  sixDays,
  stateBadge,
} from './browserSupport.ts';

const demand = {
  // 17 characters and the check character that GB 32100-2015 gives them.
  creditCode: '91330110MA2B3C4D56',
  problem: '生产线上的精密零件表面缺陷依靠人工目检，漏检率高、效率低，希望引入机器视觉实现自动检测。',
  technicalFields: '机器视觉、质量检测',
  location: '杭州市余杭区',
  contactName: '张明',
  contactPhone: '13900001111',
};

let harness: ConsoleHarness;
let applicationId: string;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-dispatch-');
  ({ applicationId } = await harness.seedApprovedCommissioner());
});

afterAll(async () => {
  await harness?.close();
});

describe('console: an enterprise demand from posting to dispatch', () => {
  it('is posted, verified, matched, proposed, accepted, noticed and dispatched', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);

    // The commissioner's service areas are on the application.
    await harness.actAs(page, admin, `/applications/${encodeURIComponent(applicationId)}`);
    await page.getByTestId('current-form').waitFor();
    expect(await page.locator('[data-field-value="serviceAreas"]').textContent()).toBe('余杭区, 临平区');

    // The enterprise posts a demand; its name comes from the session.
    await harness.actAs(page, enterprise, '/demands');
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
    await stateBadge(page, 'awaiting_verification').waitFor();
    expect(await page.locator('[data-field-value="technicalFields"]').textContent()).toBe(
      '机器视觉, 质量检测',
    );

    // The bureau verifies it on the task list.
    await harness.actAs(page, admin, '/tasks');
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
    await harness.actAs(page, commissioner, '/tasks');
    const commissionerAnswer = page.locator(
      '[data-testid="task"][data-task-kind="accept-dispatch-commissioner"]',
      { hasText: enterprise.organization },
    );
    await refreshUntilVisible(page, commissionerAnswer);
    await commissionerAnswer.getByTestId('decision-accept').click();
    await page.getByTestId('notice').filter({ hasText: enterprise.organization }).waitFor();

    // The enterprise accepts too.
    await harness.actAs(page, enterprise, '/tasks');
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
    await harness.actAs(page, researchOffice, '/tasks');
    await page.getByRole('navigation').getByRole('link', { name: 'Public notices' }).click();
    const noticeRow = page.getByTestId('notice-row').filter({ hasText: application.name });
    await noticeRow.waitFor();
    expect(await noticeRow.textContent()).toContain(enterprise.organization);
    expect(await noticeRow.textContent()).toContain(demand.location);
    await noticeRow.getByRole('link').click();
    await stateBadge(page, 'in_notice').waitFor();
    expect(new URL(page.url()).hash).toBe(dispatchRoute);

    // The research office objects, then edits its objection: one standing objection, its text replaced.
    const objectionReason = page.getByTestId('objection-form').getByLabel('Reason');
    await objectionReason.fill('该专家与本单位另一项目存在时间冲突，请核实。');
    await page.getByTestId('submit-objection').click();
    const objections = page.getByTestId('objection');
    await objections.filter({ hasText: '时间冲突' }).waitFor();
    await page.getByRole('heading', { name: 'Edit your objection' }).waitFor();
    expect(await objectionReason.inputValue()).toBe('该专家与本单位另一项目存在时间冲突，请核实。');
    await objectionReason.fill('经协调时间冲突已解决，但仍请科技局核实工作量。');
    await page.getByTestId('submit-objection').click();
    await objections.filter({ hasText: '核实工作量' }).waitFor();
    expect(await objections.count()).toBe(1);

    // The notice runs five days; six days later the bureau dismisses the objection and the commissioner is dispatched.
    await harness.call('POST', '/local/clock', undefined, { advanceSeconds: sixDays });
    const ruling = `/tasks/${encodeURIComponent(`rule-on-objection.${decodeURIComponent(dispatchRoute.replace(/^#\/dispatches\//, ''))}`)}`;
    const bureau = await harness.tokenFor(admin);
    await eventually(
      'the ruling task',
      () => harness.call<{ task: { status: string } }>('GET', ruling, bureau).catch(() => undefined),
      (read) => read?.task.status === 'open',
    );
    await harness.call('POST', `${ruling}/complete`, bureau, {
      decision: 'dismiss',
      reason: '工作量在合理范围内',
    });
    await harness.actAs(page, enterprise, dispatchRoute.replace(/^#/, ''));
    await refreshUntilVisible(page, stateBadge(page, 'dispatched'));
    // The audit trail is the bureau's to read.
    expect(await page.getByTestId('audit').count()).toBe(0);

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
