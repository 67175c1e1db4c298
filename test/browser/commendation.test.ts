import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  ConsoleHarness,
  defaultParticipants,
  eventually,
  otherParticipants,
  refreshUntilVisible,
  stateBadge,
} from './browserSupport.ts';

/** Three commissioners from three institutions, each serving their own enterprise. */
const li = defaultParticipants;
const wang = otherParticipants({
  name: '王芳',
  email: 'wang.fang@zjut.edu.cn',
  institution: '浙江工业大学',
  officeEmail: 'kjc@zjut.edu.cn',
  enterprise: '杭州临平智造科技有限公司',
  enterpriseEmail: 'chen.jing@linping-zhizao.example.com',
});
const chen = otherParticipants({
  name: '陈刚',
  email: 'chen.gang@hdu.edu.cn',
  institution: '杭州电子科技大学',
  officeEmail: 'kyy@hdu.edu.cn',
  enterprise: '杭州钱塘新材料有限公司',
  enterpriseEmail: 'liu.yang@qiantang-xcl.example.com',
});

/**
 * The panel, each member with the organisation the bureau names for them: a colleague of 李伟's, a manager at
 * the enterprise 王芳 served, and an independent expert.
 */
const colleague = { email: 'sun.li@zju.edu.cn', organization: li.researchOffice.organization };
const manager = { email: 'zhao.lei@linping-zhizao.example.com', organization: wang.enterprise.organization };
const independent = { email: 'qian.hong@zjkx.example.org', organization: '浙江省科技咨询中心' };
/** A panel member as the bureau makes them: the role, no organisation. */
const asPanel = (member: { email: string }) => ({ email: member.email, role: 'panel' });

const categories = [
  'industryImprovementReports',
  'technicalProblemsSolved',
  'technicalTrainings',
  'patentsApplied',
  'patentsGranted',
  'scienceTechProjects',
  'enterpriseTechCentres',
  'highTechEnterprises',
  'postdoctoralWorkstations',
] as const;
const counts = (values: Partial<Record<(typeof categories)[number], number>>) =>
  Object.fromEntries(categories.map((category) => [category, values[category] ?? 0]));

let harness: ConsoleHarness;
let year: string;
/** Each commissioner's assessment of the year, which the round nominates from. */
let assessmentOf: Record<'li' | 'wang' | 'chen', string>;
let roundId: string;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-commendation-');
  const seeded = await harness.seedGradedYear(
    [li, wang, chen],
    [
      counts({ technicalProblemsSolved: 2, technicalTrainings: 1, patentsApplied: 2 }),
      counts({ technicalProblemsSolved: 3, technicalTrainings: 2, patentsApplied: 1 }),
      counts({ technicalProblemsSolved: 1, technicalTrainings: 2 }),
    ],
    // All three excellent, for a round that nominates at most two.
    ['excellent', 'excellent', 'excellent'],
  );
  year = seeded.year;
  const [liAssessment = '', wangAssessment = '', chenAssessment = ''] = seeded.assessmentIds;
  assessmentOf = { li: liAssessment, wang: wangAssessment, chen: chenAssessment };
  roundId = `commendation-${year}`;
}, 600_000);

afterAll(async () => {
  await harness?.close();
});

/** Collects what the content security policy refused. */
function policyViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

/** A table's rows as the text of their cells. */
async function rows(page: Page, testId: string): Promise<string[][]> {
  return page
    .locator(`[data-testid="${testId}"] tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

const roundPath = () => `/commendation-rounds/${encodeURIComponent(roundId)}`;

describe('console: a commendation round', () => {
  it('is opened, nominated and given a panel by the bureau, scored by the panel with conflicts excluded, approved, and published on a public page', {
    timeout: 300_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);
    const violations = policyViolations(page);

    // The bureau opens the year's round from the commendations page; a year with no grades is refused.
    await harness.actAs(page, admin, '/tasks');
    await page.getByRole('link', { name: 'Commendations', exact: true }).click();
    await page.getByRole('heading', { name: 'Commendation rounds' }).waitFor();
    const openForm = page.getByTestId('open-round-form');
    await openForm.getByLabel('Year', { exact: true }).fill('2031');
    await openForm.getByLabel('Nominees at most').fill('2');
    await openForm.getByRole('button', { name: 'Open the round' }).click();
    await openForm
      .getByTestId('form-error')
      .filter({ hasText: 'No assessment of 2031 has been graded yet' })
      .waitFor();
    await openForm.getByLabel('Year', { exact: true }).fill(year);
    await openForm.getByRole('button', { name: 'Open the round' }).click();
    await page.waitForURL(`**/#${roundPath()}`);
    await page
      .getByTestId('notice')
      .filter({ hasText: `The ${year} commendation round is open` })
      .waitFor();
    await stateBadge(page, 'nominating').waitFor();
    expect(await page.getByTestId('round-limit').textContent()).toBe('At most 2');

    // The candidates are the year's excellent grades; three are over the limit, and the server says so.
    const nominationForm = page.getByTestId('nomination-form');
    const candidates = nominationForm.getByTestId('candidate');
    await candidates.first().waitFor();
    expect(await candidates.count()).toBe(3);
    for (const name of ['李伟', '王芳', '陈刚']) await nominationForm.getByLabel(name).check();
    expect(await page.getByTestId('nomination-count').textContent()).toBe('3 chosen; at most 2.');
    await nominationForm.getByRole('button', { name: 'Nominate' }).click();
    await nominationForm
      .getByTestId('error-assessmentIds')
      .filter({ hasText: 'Must name at most 2 (the round’s limit)' })
      .waitFor();
    await nominationForm.getByLabel('陈刚').uncheck();
    await nominationForm.getByRole('button', { name: 'Nominate' }).click();
    await page.getByTestId('notice').filter({ hasText: '2 commissioner(s) nominated.' }).waitFor();
    await page.getByRole('button', { name: 'Save the nominations' }).waitFor();
    expect(await page.getByTestId('nomination-form').getByLabel('李伟').isChecked()).toBe(true);
    expect(await page.getByTestId('nomination-form').getByLabel('陈刚').isChecked()).toBe(false);

    // The panel: a member named twice is refused next to the list; then three members.
    const panelForm = page.getByTestId('panel-form');
    const member = (index: number) => panelForm.getByTestId('panel-member').nth(index);
    const fillMember = async (index: number, person: { email: string; organization: string }) => {
      await member(index).getByLabel('Email').fill(person.email);
      await member(index).getByLabel('Institution or enterprise').fill(person.organization);
    };
    await fillMember(0, colleague);
    await panelForm.getByRole('button', { name: 'Add a member' }).click();
    await fillMember(1, manager);
    await panelForm.getByRole('button', { name: 'Add a member' }).click();
    await fillMember(2, { ...independent, email: colleague.email });
    await panelForm.getByRole('button', { name: 'Save the panel' }).click();
    await panelForm.getByTestId('error-members').filter({ hasText: 'Names the same entry twice' }).waitFor();
    // A nominee named from the other nominee's institution could score nobody: asked before saving.
    await fillMember(2, { email: 'wang.fang@zjut.edu.cn', organization: li.researchOffice.organization });
    await panelForm.getByRole('button', { name: 'Save the panel' }).click();
    const excluded = panelForm.getByTestId('excluded-member');
    await excluded.first().waitFor();
    expect(await excluded.allTextContents()).toEqual([
      `wang.fang@zjut.edu.cn (${li.researchOffice.organization}): 王芳 (self), 李伟 (own institution)`,
    ]);
    await panelForm.getByRole('button', { name: 'Save the panel anyway' }).waitFor();
    await panelForm.screenshot({ path: '/tmp/console-panel-excluded-warning.png' });
    await fillMember(2, independent);
    expect(await excluded.count()).toBe(0);
    await panelForm.getByRole('button', { name: 'Save the panel' }).click();
    await page
      .getByTestId('notice')
      .filter({ hasText: 'The panel of 3 member(s) has been saved.' })
      .waitFor();

    // Before scoring starts, the sheet shows who may not score whom, and why.
    const cell = (memberEmail: string, assessmentId: string) =>
      page.locator(
        `[data-testid="score-sheet"] tr[data-member="${memberEmail}"] td[data-nominee-id="${assessmentId}"]`,
      );
    await cell(colleague.email, assessmentOf.li).waitFor();
    expect(await cell(colleague.email, assessmentOf.li).getAttribute('data-conflict')).toBe(
      'own-institution',
    );
    expect(await cell(colleague.email, assessmentOf.li).textContent()).toBe('Excluded: own institution');
    expect(await cell(manager.email, assessmentOf.wang).textContent()).toBe(
      'Excluded: served their enterprise',
    );
    expect(await cell(independent.email, assessmentOf.li).textContent()).toBe('To score');
    await page.screenshot({ path: '/tmp/console-commendation-nominating.png', fullPage: true });

    await page.getByRole('button', { name: 'Start scoring' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Scoring has started' }).waitFor();
    await stateBadge(page, 'scoring').waitFor();
    expect(await page.getByTestId('nomination-form').count()).toBe(0);
    expect(await rows(page, 'panel')).toHaveLength(3);

    // The colleague is asked on their task list, sees 李伟 excluded with the reason, and scores 王芳.
    await harness.actAs(page, asPanel(colleague), '/tasks');
    const scoringTask = page.locator('[data-testid="task"][data-task-kind="collect-panel-scores"]');
    await refreshUntilVisible(page, scoringTask);
    expect(await scoringTask.locator('td').first().textContent()).toBe(
      'Score the commendation nominees (panel)',
    );
    await scoringTask.getByRole('link', { name: 'Open the round to score the nominees' }).click();
    await page.waitForURL(`**/#${roundPath()}`);
    await page.getByTestId('notice').filter({ hasText: 'Please score the 1 nominee(s) below' }).waitFor();
    const card = (assessmentId: string) =>
      page.locator(`[data-testid="nominee"][data-nominee-id="${assessmentId}"]`);
    expect(await card(assessmentOf.li).getAttribute('data-status')).toBe('excluded');
    expect(await card(assessmentOf.li).getByTestId('excluded').textContent()).toBe(
      'Excluded You do not score this nominee: the nominee is from your own institution.',
    );
    expect(await card(assessmentOf.li).getByTestId('score-form').count()).toBe(0);
    expect(await page.getByTestId('score-sheet').count()).toBe(0);
    await card(assessmentOf.wang).getByLabel('Your score for 王芳').fill('88');
    await card(assessmentOf.wang).getByRole('button', { name: 'Submit score' }).click();
    await page
      .getByTestId('notice')
      .filter({ hasText: 'Your score of 88 for 王芳 has been recorded.' })
      .waitFor();
    expect(await card(assessmentOf.wang).getAttribute('data-status')).toBe('scored');
    expect(await card(assessmentOf.wang).getByTestId('your-score').textContent()).toContain('Your score: 88');
    await page
      .getByTestId('notice')
      .filter({ hasText: 'you have scored every nominee you may score' })
      .waitFor();
    await page.screenshot({ path: '/tmp/console-commendation-panel.png', fullPage: true });
    // The rounds the member sits on are in their navigation too.
    await page.getByRole('link', { name: 'Commendations', exact: true }).click();
    await page.getByRole('heading', { name: 'My commendation rounds' }).waitFor();
    const listed = page.locator(`[data-testid="round"][data-round-id="${roundId}"]`);
    await listed.waitFor();
    expect(await listed.getByTestId('state').getAttribute('data-state')).toBe('scoring');
    expect(await page.getByTestId('open-round-form').count()).toBe(0);

    // The other two score through the API; the manager may not score 王芳. The last score closes the scoring.
    const [managerToken, independentToken, adminToken] = await Promise.all([
      harness.tokenFor(asPanel(manager)),
      harness.tokenFor(asPanel(independent)),
      harness.tokenFor(admin),
    ]);
    const score = (token: string, nomineeId: string, value: number) =>
      harness.call('POST', `/commendation-rounds/${encodeURIComponent(roundId)}/scores`, token, {
        nomineeId,
        score: value,
      });
    await expect(score(managerToken, assessmentOf.wang, 95)).rejects.toThrow(/403/);
    await score(managerToken, assessmentOf.li, 90);
    await score(independentToken, assessmentOf.li, 80);
    await score(independentToken, assessmentOf.wang, 86);
    await harness.untilState(adminToken, roundPath(), 'round', 'awaiting_approval');

    // The bureau sees the score sheet and the ranking by mean score, and approves (rejecting needs a reason).
    await harness.actAs(page, admin, roundPath());
    const decisions = page.getByTestId('commendation-decisions');
    await refreshUntilVisible(page, decisions.getByRole('button', { name: 'Approve the list' }));
    await stateBadge(page, 'awaiting_approval').waitFor();
    expect(await rows(page, 'ranking')).toEqual([
      ['1', '王芳', '浙江工业大学', '87', '2'],
      ['2', '李伟', '浙江大学', '85', '2'],
    ]);
    expect(await cell(colleague.email, assessmentOf.wang).textContent()).toBe('88');
    expect(await cell(colleague.email, assessmentOf.li).textContent()).toBe('Excluded: own institution');
    expect(await cell(manager.email, assessmentOf.li).textContent()).toBe('90');
    expect(await cell(independent.email, assessmentOf.wang).textContent()).toBe('86');
    expect(await page.getByTestId('approval-guidance').textContent()).toContain(
      'Approving opens the public notice',
    );
    await decisions.getByRole('button', { name: 'Reject the list' }).click();
    await decisions.getByTestId('error-reason').filter({ hasText: 'Please give a reason.' }).waitFor();
    await decisions.getByRole('button', { name: 'Approve the list' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Recorded “Approve the list”' }).waitFor();
    // The page reloads once the workflow has recorded the approval.
    await stateBadge(page, 'in_notice').waitFor();
    await page.getByTestId('notice-window').waitFor();
    const audit = await page.getByTestId('audit').textContent();
    for (const action of [
      'Nominated',
      'Panel named',
      'Scoring started',
      'Scored by a panel member',
      'Approved',
    ]) {
      expect(audit).toContain(action);
    }
    await page.screenshot({ path: '/tmp/console-commendation-approved.png', fullPage: true });

    // The same in Chinese.
    await page.getByTestId('language').selectOption('zh-CN');
    await page.locator('.page-heading h1', { hasText: `${year} 年度特派员表彰评审` }).waitFor();
    expect(await stateBadge(page, 'in_notice').textContent()).toBe('公示中');
    expect(await cell(colleague.email, assessmentOf.li).textContent()).toBe('回避：同一单位');
    await page.screenshot({ path: '/tmp/console-commendation-zh.png', fullPage: true });

    // Anyone, signed in or not, may open the public page; before the notice closes it has nothing to show.
    const visitor = await harness.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1024, height: 900 },
    });
    const publicPage = await visitor.newPage();
    const publicViolations = policyViolations(publicPage);
    await publicPage.goto(`${harness.url}/#/commendations/${encodeURIComponent(roundId)}`);
    await publicPage
      .getByTestId('notice')
      .filter({ hasText: 'This commendation list has not been published.' })
      .waitFor();
    expect(await publicPage.getByTestId('account').count()).toBe(0);

    // The notice closes on the clock; the list is published and the commended told, with a link to the page.
    await harness.call('POST', '/local/clock', undefined, { advanceSeconds: 7 * 24 * 3600 + 60 });
    await harness.untilState(adminToken, roundPath(), 'round', 'published');
    const link = await eventually('the email to the commended', async () => {
      const { items } = await harness.call<{ items: { to: string[]; text: string }[] }>(
        'GET',
        '/local/outbox',
      );
      const email = items.find(
        (message) =>
          message.to.includes(wang.commissioner.email) && message.text.includes('#/commendations/'),
      );
      return email?.text.match(/https?:\/\/[^\s：]+#\/commendations\/\S+/)?.[0];
    });
    expect(link).toBe(`${harness.url}/#/commendations/${encodeURIComponent(roundId)}`);
    await publicPage.goto(link);
    await publicPage.reload();
    await publicPage.getByRole('heading', { name: `${year} commissioner commendation list` }).waitFor();
    expect(new URL(publicPage.url()).hash).toBe(`#/commendations/${encodeURIComponent(roundId)}`);
    expect(await rows(publicPage, 'commended')).toEqual([
      ['1', '王芳', '浙江工业大学', '87'],
      ['2', '李伟', '浙江大学', '85'],
    ]);
    expect(await publicPage.getByTestId('published-intro').textContent()).toContain('Published');
    expect(await publicPage.getByTestId('account').count()).toBe(0);
    await publicPage.screenshot({ path: '/tmp/console-commendations-public.png', fullPage: true });
    await publicPage.getByTestId('language').selectOption('zh-CN');
    await publicPage.getByRole('heading', { name: `${year} 年度产业科技特派员表彰名单` }).waitFor();
    await publicPage.screenshot({ path: '/tmp/console-commendations-public-zh.png', fullPage: true });

    // The bureau's page of the round says so and links to the public page.
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('refresh').click();
    await stateBadge(page, 'published').waitFor();
    await page.getByRole('link', { name: 'Open the published list' }).click();
    await page.getByTestId('commended').waitFor();

    expect(violations).toEqual([]);
    expect(publicViolations).toEqual([]);
    await visitor.close();
    await context.close();
  });
});
