import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleHarness, refreshUntilVisible } from './browserSupport.ts';

const applicant = {
  name: '李伟',
  email: 'li.wei@example.edu.cn',
  phone: '13812345678',
  homeInstitution: '浙江大学',
  researchOfficeEmail: 'kyy@zju.edu.cn',
  technicalFields: '机器视觉、工业机器人',
  statement: '二十年机器视觉研究经验，可为企业解决质检自动化与工业机器人集成问题，并开展相关技术培训。',
};

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-browser-');
});

afterAll(async () => {
  await harness?.close();
});

describe('console: a commissioner application from submission to approval', () => {
  it('is submitted, endorsed, approved, mailed and audited', { timeout: 120_000 }, async () => {
    const { context, page } = await harness.openConsole(1200);

    // The applicant applies.
    await harness.actAs(page, { email: applicant.email, role: 'commissioner' }, '/applications');
    await page.getByRole('link', { name: 'New application' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill(applicant.name);
    await page.getByLabel('Email', { exact: true }).fill(applicant.email);
    await page.getByLabel('Mobile phone').fill(applicant.phone);
    await page.getByLabel('Home institution').fill(applicant.homeInstitution);
    await page.getByLabel('Research office email').fill(applicant.researchOfficeEmail);
    await page.getByLabel('Professional title').selectOption('professor');
    await page.getByLabel('Technical fields').fill(applicant.technicalFields);
    await page.getByLabel('Advanced manufacturing').check();
    await page.getByLabel('Electronic information').check();
    await page.getByLabel('What you can offer').fill(applicant.statement);
    await page.getByTestId('submit-application').click();
    await page.getByTestId('state').waitFor();
    expect(await page.getByTestId('state').textContent()).toBe('Awaiting endorsement');
    // The audit trail is the bureau's to read.
    expect(await page.getByTestId('audit').count()).toBe(0);

    // The home institution's research office endorses it.
    const researchOffice = {
      email: applicant.researchOfficeEmail,
      role: 'institution',
      organization: applicant.homeInstitution,
    };
    await harness.actAs(page, researchOffice, '/tasks');
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    const endorsement = page.locator('[data-testid="task"][data-task-kind="endorse-application"]', {
      hasText: applicant.name,
    });
    await refreshUntilVisible(page, endorsement);
    await endorsement.getByTestId('decision-endorse').click();
    await page.getByTestId('notice').filter({ hasText: applicant.name }).waitFor();

    // The bureau sees the review task with its age and approves.
    await harness.actAs(page, { email: 'admin@bureau.example.gov.cn', role: 'admin' }, '/tasks');
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    const review = page.locator('[data-testid="task"][data-task-kind="review-application"]', {
      hasText: applicant.name,
    });
    await refreshUntilVisible(page, review);
    expect(await review.getByTestId('task-age').textContent()).toMatch(/minute|hour|day/);
    await page.screenshot({ path: '/tmp/console-tasks.png', fullPage: true });
    await review.getByTestId('decision-approve').click();
    await page.getByTestId('notice').filter({ hasText: applicant.name }).waitFor();

    // The applicant is told.
    await page.getByRole('link', { name: 'Outbox (local demo)' }).click();
    const approvalEmail = page.getByTestId('outbox-message').filter({ hasText: applicant.email }).filter({
      hasText: 'Your commissioner application was approved',
    });
    await refreshUntilVisible(page, approvalEmail);
    await approvalEmail.first().getByRole('button').click();
    expect(await page.getByTestId('outbox-text').textContent()).toContain('approved');

    // The application shows its outcome and how it got there.
    await page.getByRole('link', { name: 'Applications', exact: true }).click();
    await page.getByTestId('applications').getByRole('link', { name: applicant.name }).click();
    await page.getByTestId('audit').waitFor();
    expect(await page.getByTestId('state').textContent()).toBe('Approved');
    expect(await page.getByTestId('audit').locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: '/tmp/console-application.png', fullPage: true });

    await context.close();
  });
});
