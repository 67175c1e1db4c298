import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  commissionerApplication as application,
  ConsoleHarness,
  commissioner,
  enterprise,
  refreshUntilVisible,
  stateBadge,
} from './browserSupport.ts';

/** The agreement's goals for the term, per outcome category. */
const goals = {
  industryImprovementReports: 1,
  technicalProblemsSolved: 3,
  technicalTrainings: 2,
  patentsApplied: 2,
  patentsGranted: 0,
  scienceTechProjects: 1,
  enterpriseTechCentres: 0,
  highTechEnterprises: 0,
  postdoctoralWorkstations: 0,
};

/** A scanned training sign-in sheet: a PDF by its content. */
const signInSheet = {
  name: '培训签到表.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  ),
};
/** A text file renamed to end in .pdf: refused by its content. */
const renamedText = {
  name: '签到表扫描件.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('只是一个改了扩展名的文本文件'),
};
/** A photo of the production line: a PNG by its content. */
const sitePhoto = {
  name: '产线现场照片.png',
  mimeType: 'image/png',
  buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
};

const narrative =
  '完成零件表面缺陷机器视觉检测方案设计并在一条产线试运行，解决了反光表面误检问题；为企业质检人员开展一次系统操作培训。';

let harness: ConsoleHarness;
let agreementId: string;
let reportId: string;
let termStart: string;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-report-');
  const seeded = await harness.seedActiveAgreement(goals, 'quarterly');
  ({ agreementId, termStart } = seeded);
  const [first] = await harness.reportPeriodsOf(seeded.tokens.admin, agreementId);
  if (!first) throw new Error('an active quarterly agreement has report periods');
  reportId = first.id;
  // The first period opens at midnight China time on the term's first day.
  await harness.advanceTo(termStart, '00:30');
  await harness.untilState(seeded.tokens.admin, `/reports/${encodeURIComponent(reportId)}`, 'report', 'open');
});

afterAll(async () => {
  await harness?.close();
});

describe('console: a periodic outcome report', () => {
  it('is submitted by the commissioner, disputed and then confirmed by the enterprise, and accepted by the bureau', {
    timeout: 300_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);
    const agreementRoute = `/agreements/${encodeURIComponent(agreementId)}`;
    const reportRoute = `/reports/${encodeURIComponent(reportId)}`;
    const taskTitle = `${application.name} · ${enterprise.organization} #1`;

    // The commissioner finds the first period open on the agreement, nothing accepted yet, and opens its report.
    await harness.actAs(page, commissioner, agreementRoute);
    const firstPeriod = page.getByTestId('report-period').first();
    await refreshUntilVisible(page, firstPeriod.locator('[data-testid="period-status"][data-status="open"]'));
    expect(await firstPeriod.getByTestId('period-status').textContent()).toBe('Open');
    expect(
      await page.locator('[data-progress="patentsApplied"] [data-testid="progress-count"]').textContent(),
    ).toBe('0 / 2');
    await firstPeriod.getByRole('link', { name: 'Report 1' }).click();
    await stateBadge(page, 'open').waitFor();
    expect(new URL(page.url()).hash).toBe(`#${reportRoute}`);
    await page
      .getByTestId('notice')
      .filter({ hasText: 'Please submit your report for this period by' })
      .waitFor();

    // The counts, what was done, and two pieces of evidence: a patent application with a mistyped check digit,
    // and a training.
    const form = page.getByTestId('report-form');
    expect(await form.getByLabel('Patents granted').inputValue()).toBe('0');
    await form.getByLabel('Technical problems solved').fill('2');
    await form.getByLabel('Technical trainings').fill('1');
    await form.getByLabel('Patents applied for').fill('1');
    await form.getByLabel('Work done').fill(narrative);
    await form.getByRole('button', { name: 'Add evidence' }).click();
    const patent = form.getByRole('group', { name: 'Evidence 1', exact: true });
    await patent.getByLabel('Application number').fill('200410018477.8');
    await patent.getByLabel('Title (optional)').fill('一种基于机器视觉的零件表面缺陷检测方法');
    await form.getByRole('button', { name: 'Add evidence' }).click();
    const training = form.getByRole('group', { name: 'Evidence 2', exact: true });
    await training.getByLabel('Kind').selectOption('training');
    await training.getByLabel('Date').fill(termStart);
    await training.getByLabel('Topic').fill('机器视觉质检系统操作培训');
    await training.getByLabel('Attendance').fill('24');
    // The evidence files: the scanned sign-in sheet, and a text file renamed to look like a PDF.
    await form.locator('#report-files').setInputFiles([signInSheet, renamedText]);
    const uploaded = form.getByTestId('uploaded-file');
    await uploaded
      .filter({ hasText: 'The file’s content is not PDF: upload the file itself again' })
      .waitFor();
    await form
      .locator('[data-testid="uploaded-file"][data-state="accepted"]', { hasText: signInSheet.name })
      .waitFor();
    await form.getByRole('button', { name: 'Submit report' }).click();

    // The server checks the check digit; its reason is shown next to that entry's number, in the reader's language.
    await form
      .getByTestId('error-evidence.0.number')
      .filter({ hasText: 'The check character should be 9' })
      .waitFor();
    expect(await patent.getByLabel('Application number').getAttribute('aria-invalid')).toBe('true');
    expect(await training.getByLabel('Topic').inputValue()).toBe('机器视觉质检系统操作培训');
    await page.screenshot({ path: '/tmp/console-report-form.png', fullPage: true });
    await patent.getByLabel('Application number').fill('200410018477.9');
    await form.getByRole('button', { name: 'Submit report' }).click();

    // Submitted: the form gives way to the version, which the enterprise is asked to confirm.
    await stateBadge(page, 'submitted').waitFor();
    await page.getByTestId('notice').filter({ hasText: 'Your report has been submitted' }).waitFor();
    expect(await page.getByTestId('report-form').count()).toBe(0);
    const firstVersion = page.locator('[data-testid="version"][data-version="1"]');
    expect(await firstVersion.getByTestId('evidence').textContent()).toContain(
      'Patent application: 200410018477.9 · 一种基于机器视觉的零件表面缺陷检测方法',
    );
    expect(await firstVersion.locator('[data-count="patentsApplied"] td').textContent()).toBe('1');
    expect(await firstVersion.getByTestId('file-name').allTextContents()).toEqual([signInSheet.name]);
    const sheetId = await firstVersion.getByTestId('file').getAttribute('data-file-id');

    // The enterprise disputes it on its task list, where a dispute must say why.
    await harness.actAs(page, enterprise, '/tasks');
    const confirmation = page.locator('[data-testid="task"][data-task-kind="confirm-report"]', {
      hasText: taskTitle,
    });
    await refreshUntilVisible(page, confirmation);
    expect(await confirmation.locator('td').first().textContent()).toBe(
      'Confirm outcome report (enterprise)',
    );
    expect(await confirmation.getByRole('link', { name: taskTitle }).getAttribute('href')).toBe(
      `#${reportRoute}`,
    );
    await confirmation.getByRole('button', { name: 'Dispute' }).click();
    await confirmation.getByTestId('error-reason').filter({ hasText: 'Please give a reason.' }).waitFor();
    const disputeReason = '培训签到表为 18 人，请核对参加人数后修改。';
    await confirmation.getByLabel('Reason').fill(disputeReason);
    await confirmation.getByRole('button', { name: 'Dispute' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Recorded “Dispute”' }).waitFor();

    // The commissioner is asked to revise it, from the task list to the report, filled in from version 1.
    await harness.actAs(page, commissioner, '/tasks');
    const revision = page.locator('[data-testid="task"][data-task-kind="submit-report"]', {
      hasText: taskTitle,
    });
    await refreshUntilVisible(page, revision);
    await revision.getByRole('link', { name: 'Open the report' }).click();
    await refreshUntilVisible(page, stateBadge(page, 'revising'));
    await page
      .getByTestId('notice')
      .filter({ hasText: `The enterprise disputed the report: ${disputeReason}` })
      .waitFor();
    const revised = page.getByTestId('report-form');
    expect(await revised.getByLabel('Patents applied for').inputValue()).toBe('1');
    expect(await revised.getByLabel('Work done').inputValue()).toBe(narrative);
    const revisedTraining = revised.getByRole('group', { name: 'Evidence 2', exact: true });
    expect(await revisedTraining.getByLabel('Attendance').inputValue()).toBe('24');
    await revisedTraining.getByLabel('Attendance').fill('18');
    await revised.getByLabel('Patents applied for').fill('2');
    // The revision replaces the sign-in sheet with a photo of the site; version 1 keeps its sheet.
    const carried = revised.locator('[data-testid="uploaded-file"][data-state="accepted"]');
    expect(await carried.getByTestId('file-name').allTextContents()).toEqual([signInSheet.name]);
    await carried.getByRole('button', { name: 'Remove' }).click();
    await revised.locator('#report-files').setInputFiles([sitePhoto]);
    await revised
      .locator('[data-testid="uploaded-file"][data-state="accepted"]', { hasText: sitePhoto.name })
      .waitFor();
    await revised.getByRole('button', { name: 'Submit revised report' }).click();
    await stateBadge(page, 'submitted').waitFor();

    // Any two versions compare: here the count and the training changed, the narrative did not.
    const comparison = page.getByTestId('version-comparison');
    await comparison.getByTestId('count-changes').waitFor();
    expect(await page.getByLabel('Earlier version').inputValue()).toBe('1');
    expect(await page.getByLabel('Later version').inputValue()).toBe('2');
    const changedCounts = comparison.locator('[data-category]');
    expect(await changedCounts.count()).toBe(1);
    expect(await changedCounts.first().getAttribute('data-category')).toBe('patentsApplied');
    expect(await changedCounts.first().locator('td').allTextContents()).toEqual(['1', '2']);
    expect(await comparison.getByTestId('narrative-change').textContent()).toBe(
      'The description of the work is the same.',
    );
    expect(await comparison.getByTestId('evidence-added').textContent()).toContain('(18 attendees)');
    expect(await comparison.getByTestId('evidence-removed').textContent()).toContain('(24 attendees)');
    await page.getByLabel('Earlier version').selectOption('2');
    await comparison.filter({ hasText: 'The two versions are the same.' }).waitFor();

    // Version 2 carries the photo; version 1 still has its sign-in sheet, which downloads as it was uploaded.
    const secondVersion = page.locator('[data-testid="version"][data-version="2"]');
    expect(await secondVersion.getByTestId('file-name').allTextContents()).toEqual([sitePhoto.name]);
    await firstVersion.locator('summary').click();
    expect(await firstVersion.getByTestId('file').textContent()).toContain('PDF');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      firstVersion.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(signInSheet.name);
    expect(new Uint8Array(await readFile(await download.path()))).toEqual(new Uint8Array(signInSheet.buffer));
    // Someone who may not read the report may not download its files either.
    const outsider = await harness.tokenFor({
      email: 'zhao.lei@other-enterprise.example.com',
      role: 'enterprise',
      organization: '另一家企业有限公司',
    });
    const refused = await fetch(`${harness.url}/files/${encodeURIComponent(sheetId ?? '')}`, {
      headers: { authorization: `Bearer ${outsider}` },
    });
    expect(refused.status).toBe(403);

    // The enterprise confirms on the report page itself.
    await harness.actAs(page, enterprise, reportRoute);
    const confirm = page
      .getByTestId('report-decisions')
      .getByRole('button', { name: 'Confirm', exact: true });
    await refreshUntilVisible(page, confirm);
    await confirm.click();
    // The page reloads once the workflow has recorded the decision.
    await stateBadge(page, 'confirmed').waitFor();

    // The bureau accepts it on the report page.
    await harness.actAs(page, admin, reportRoute);
    const accept = page.getByTestId('report-decisions').getByRole('button', { name: 'Accept the report' });
    await refreshUntilVisible(page, accept);
    await accept.click();
    await stateBadge(page, 'accepted').waitFor();
    await page.getByTestId('notice').filter({ hasText: 'Accepted by the bureau' }).waitFor();
    expect(await page.getByTestId('version').count()).toBe(2);
    const audit = await page.getByTestId('audit').textContent();
    expect(audit).toContain('Disputed by the enterprise');
    expect(audit).toContain(disputeReason);
    expect(audit).toContain('Confirmed by the enterprise');
    await page.screenshot({ path: '/tmp/console-report-accepted.png', fullPage: true });

    // The agreement counts the accepted report's last version against the goals.
    await page.getByRole('link', { name: 'Back to the agreement' }).click();
    await page.getByTestId('progress').waitFor();
    const progress = (category: string) =>
      page.locator(`[data-progress="${category}"] [data-testid="progress-count"]`).textContent();
    expect(await progress('patentsApplied')).toBe('2 / 2');
    expect(await progress('technicalProblemsSolved')).toBe('2 / 3');
    expect(await progress('technicalTrainings')).toBe('1 / 2');
    expect(await progress('industryImprovementReports')).toBe('0 / 1');
    expect(await page.locator('[data-progress="patentsApplied"] progress').getAttribute('value')).toBe('2');
    expect(await page.locator('[data-progress="patentsApplied"]').getAttribute('class')).toBe('goal-met');
    expect(await firstPeriod.getAttribute('data-period-status')).toBe('accepted');
    expect(await firstPeriod.getByTestId('period-versions').textContent()).toBe('2');

    // The bureau reports monthly from the next period on, saying why.
    const periods = page.getByTestId('report-period');
    expect(await periods.count()).toBe(4);
    const cadenceForm = page.getByTestId('cadence-form');
    await cadenceForm.getByLabel('New cadence').selectOption('monthly');
    await cadenceForm.getByLabel('Reason').fill('试运行阶段需按月跟进质检改造进度。');
    await cadenceForm.getByRole('button', { name: 'Change cadence' }).click();
    await page.getByTestId('cadence-change').waitFor();
    expect(await page.getByTestId('current-cadence').textContent()).toBe('Reports now fall due: Monthly.');
    expect(await page.getByTestId('cadence-change').textContent()).toContain('Period 2');
    // The first period stays a quarter; the nine months left are monthly periods.
    expect(await periods.count()).toBe(10);
    expect(await page.getByTestId('audit').textContent()).toContain('Reporting cadence changed');
    await page.screenshot({ path: '/tmp/console-report-agreement.png', fullPage: true });

    // The bureau waives the next period before it opens, with why; the period shows it waived.
    await harness.actAs(page, admin, `/reports/${encodeURIComponent(`${agreementId}.period-2`)}`);
    const waiverForm = page.getByTestId('waiver-form');
    await waiverForm.getByLabel('Why no report is needed').fill('企业春节停产检修，本期无合作活动。');
    await page.screenshot({ path: '/tmp/console-report-waiver.png', fullPage: true });
    await waiverForm.getByRole('button', { name: 'Waive the period' }).click();
    await stateBadge(page, 'waived').waitFor();
    await page
      .getByTestId('notice')
      .filter({ hasText: 'The bureau waived this period: 企业春节停产检修，本期无合作活动。' })
      .waitFor();
    expect(await page.getByTestId('waiver-form').count()).toBe(0);
    await page.getByRole('link', { name: 'Back to the agreement' }).click();
    await page.getByTestId('progress').waitFor();
    expect(await periods.nth(1).getAttribute('data-period-status')).toBe('waived');

    // The same in Chinese.
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '目标完成情况' }).waitFor();
    expect(await firstPeriod.getByTestId('period-status').textContent()).toBe('已通过');
    expect(await page.getByTestId('current-cadence').textContent()).toBe('当前报告频次：每月。');
    await firstPeriod.getByRole('link', { name: '第 1 期报告' }).click();
    await page.locator('.page-heading h1', { hasText: '第 1 期成果报告' }).waitFor();
    expect(await page.locator('.page-heading [data-testid="state"]').textContent()).toBe('已通过');
    await page.screenshot({ path: '/tmp/console-report-zh.png', fullPage: true });

    await context.close();
  });
});
