import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  commissionerApplication as application,
  ConsoleHarness,
  commissioner,
  enterprise,
  refreshUntilVisible,
  researchOffice,
  stateBadge,
} from './browserSupport.ts';

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
type Counts = Record<(typeof categories)[number], number>;

/** The agreement's goals for the term. */
const goals: Counts = {
  industryImprovementReports: 1,
  technicalProblemsSolved: 2,
  technicalTrainings: 2,
  patentsApplied: 2,
  patentsGranted: 0,
  scienceTechProjects: 0,
  enterpriseTechCentres: 0,
  highTechEnterprises: 0,
  postdoctoralWorkstations: 0,
};

/** What the first period's report counts, as submitted, confirmed and accepted. */
const counts: Counts = {
  industryImprovementReports: 1,
  technicalProblemsSolved: 2,
  technicalTrainings: 1,
  patentsApplied: 2,
  patentsGranted: 0,
  scienceTechProjects: 0,
  enterpriseTechCentres: 0,
  highTechEnterprises: 0,
  postdoctoralWorkstations: 0,
};

let harness: ConsoleHarness;
/** The year the accepted report counts in: the year its period ends. */
let year: string;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-statistics-');
  const { agreementId, termStart, tokens } = await harness.seedActiveAgreement(goals, 'quarterly');
  const [first] = await harness.reportPeriodsOf(tokens.admin, agreementId);
  if (!first) throw new Error('an active quarterly agreement has report periods');
  year = first.end.slice(0, 4);
  const reportPath = `/reports/${encodeURIComponent(first.id)}`;

  // The first period opens at midnight China time on the term's first day; its report goes through the API:
  // submitted, confirmed by the enterprise, accepted by the bureau (the report's own test does it in the UI).
  await harness.advanceTo(termStart, '00:30');
  await harness.untilState(tokens.admin, reportPath, 'report', 'open');
  await harness.call('POST', `${reportPath}/versions`, tokens.commissioner, {
    counts,
    narrative: '完成质检产线机器视觉改造方案，解决两项技术难题，申请发明专利两件，撰写产业提升报告一篇。',
    evidence: [],
  });
  await harness.untilState(tokens.admin, reportPath, 'report', 'submitted');
  await harness.completeTask(tokens.enterprise, 'confirm-report', 'confirm');
  await harness.untilState(tokens.admin, reportPath, 'report', 'confirmed');
  await harness.completeTask(tokens.admin, 'review-report', 'accept');
  await harness.untilState(tokens.admin, reportPath, 'report', 'accepted');
});

afterAll(async () => {
  await harness?.close();
});

/** Collects what the content security policy refused: the console (and Chart.js) must need nothing it forbids. */
function policyViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

/** How many pixels of a canvas are painted: a chart that was drawn has plenty. */
async function paintedPixels(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let painted = 0;
    for (let alpha = 3; alpha < pixels.length; alpha += 4) if ((pixels[alpha] ?? 0) > 0) painted += 1;
    return painted;
  });
}

/** A row's figures by column, as the table shows them. */
async function rowFigures(page: Page, table: string, key: string): Promise<Record<string, string>> {
  const cells = page.locator(`[data-testid="${table}"] tr[data-key="${key}"] td[data-column]`);
  const entries = await cells.evaluateAll((tds) =>
    tds.map((td) => [td.getAttribute('data-column') ?? '', td.textContent ?? '']),
  );
  return Object.fromEntries(entries);
}

const countsAsText = Object.fromEntries(categories.map((category) => [category, String(counts[category])]));

describe('console: programme statistics and the annual assessment', () => {
  it('shows the accepted figures as a summary, charts and tables, by year too, and downloads them as CSV', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);
    const violations = policyViolations(page);

    // Every role has the statistics in its navigation.
    await harness.actAs(page, researchOffice, '/tasks');
    await page.getByRole('link', { name: 'Statistics', exact: true }).click();
    await page.getByTestId('stats-summary').waitFor();

    await harness.actAs(page, admin, '/stats');
    const summary = page.getByTestId('stats-summary');
    await summary.waitFor();
    // The paragraph as the server writes it from the figures, in the reader's language.
    const adminToken = await harness.tokenFor(admin);
    const summaryOf = async (path: string) =>
      (await harness.call<{ summary: Record<'en' | 'zh-CN', string> }>('GET', path, adminToken)).summary;
    const written = await summaryOf('/stats');
    expect(await summary.textContent()).toBe(written.en);
    expect(written.en).toContain('1 commissioner from 1 institution has served 1 enterprise');
    expect(written.en).toContain('solved 2 technical problems');
    expect(written.en).toContain('applied for 2 patents');
    expect(await page.getByTestId('total-reports').textContent()).toBe('1');
    expect(await page.getByTestId('total-commissioners').textContent()).toBe('1');
    expect(
      await page.locator('[data-testid="total-outcomes"] [data-category="patentsApplied"] td').textContent(),
    ).toBe('2');

    // Both charts are drawn on their canvases.
    await expect.poll(() => paintedPixels(page, 'chart-by-year')).toBeGreaterThan(1000);
    await expect.poll(() => paintedPixels(page, 'chart-by-institution')).toBeGreaterThan(1000);

    // The tables carry the accepted report's counts, by year, institution and commissioner.
    expect(await rowFigures(page, 'by-year', year)).toEqual({
      commissioners: '1',
      institutions: '1',
      enterprises: '1',
      reports: '1',
      ...countsAsText,
    });
    expect(await rowFigures(page, 'by-institution', researchOffice.organization)).toEqual({
      commissioners: '1',
      enterprises: '1',
      reports: '1',
      ...countsAsText,
    });
    expect(await rowFigures(page, 'by-commissioner', application.name)).toEqual({
      institution: researchOffice.organization,
      enterprises: '1',
      reports: '1',
      ...countsAsText,
    });
    await page.screenshot({ path: '/tmp/console-statistics.png', fullPage: true });

    // One year's figures: the same report, since its period ends in that year.
    await page.getByLabel('Year', { exact: true }).selectOption(year);
    await page.waitForURL(`**/#/stats/${year}`);
    await page.locator(`[data-testid="by-year"] tr[data-key="${year}"]`).waitFor();
    expect(await page.locator('[data-testid="by-year"] tbody tr').count()).toBe(1);
    expect(await rowFigures(page, 'by-year', 'total')).toMatchObject(countsAsText);
    const writtenForYear = await summaryOf(`/stats?year=${year}`);
    expect(await summary.textContent()).toBe(writtenForYear.en);

    // The CSV comes with a byte-order mark for spreadsheet programs, its total row the same figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`commissioner-statistics-${year}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    // Its header and tables named as the page names them, in the reader's language.
    const records: string[][] = parse(csv, { bom: true });
    expect(records[0]?.slice(0, 9)).toEqual([
      'Table',
      'Year, institution or commissioner',
      'Commissioner id',
      'Institution',
      'Commissioners',
      'Institutions',
      'Enterprises served',
      'Accepted reports',
      'Industry improvement reports',
    ]);
    const countsInOrder = categories.map((category) => String(counts[category]));
    expect(records[1]).toEqual(['Total', 'Total', '', '', '1', '1', '1', '1', ...countsInOrder]);
    expect(records).toContainEqual(['By year', year, '', '', '1', '1', '1', '1', ...countsInOrder]);

    // The Excel workbook: a sheet per table of the page, the year's row and the total as the page shows them.
    const [workbookDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Excel' }).click(),
    ]);
    expect(workbookDownload.suggestedFilename()).toBe(`commissioner-statistics-${year}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await workbookDownload.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Totals',
      'By year',
      'By institution',
      'By commissioner',
    ]);
    const byYear = workbook.getWorksheet('By year');
    expect(byYear?.getRow(1).getCell(1).value).toBe('Year');
    expect(((byYear?.getRow(2).values ?? []) as unknown[]).slice(1)).toEqual([
      year,
      1,
      1,
      1,
      1,
      ...categories.map((category) => counts[category]),
    ]);
    expect(byYear?.getRow(3).getCell(1).value).toBe('Total');

    // The same in Chinese, the summary as the bureau writes it, the charts drawn again.
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '工作统计' }).waitFor();
    expect(await summary.textContent()).toBe(writtenForYear['zh-CN']);
    expect(writtenForYear['zh-CN']).toContain(
      '来自1所高校院所的1名产业科技特派员服务企业1家，撰写产业提升报告1篇，解决技术难题2个，开展技术培训1次，申请专利2件。',
    );
    await expect.poll(() => paintedPixels(page, 'chart-by-year')).toBeGreaterThan(1000);
    await page.screenshot({ path: '/tmp/console-statistics-zh.png', fullPage: true });

    expect(violations).toEqual([]);
    await context.close();
  });

  it('gives the bureau the import workbook: instructions, then a sheet per kind of record headed in both languages', {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);
    await harness.actAs(page, admin, '/tasks');
    await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import a programme already running' }).waitFor();
    const [templateDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-import-template').click(),
    ]);
    expect(templateDownload.suggestedFilename()).toBe('programme-import-template.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await templateDownload.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '说明 Instructions',
      '机构 Institutions',
      '企业 Enterprises',
      '特派员 Commissioners',
      '协议 Agreements',
      '报告 Reports',
    ]);
    expect(workbook.getWorksheet('协议 Agreements')?.getRow(1).getCell(1).value).toBe(
      '协议编号 Agreement reference',
    );

    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '导入已在进行的项目' }).waitFor();
    await page.screenshot({ path: '/tmp/console-imports-zh.png', fullPage: true });
    // Nobody but the bureau has the page.
    await harness.actAs(page, researchOffice, '/tasks');
    await expect(page.getByRole('navigation').getByRole('link', { name: '导入' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('opens the year, is rated by the enterprise and graded by the bureau, the score explained term by term', {
    timeout: 300_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);
    const violations = policyViolations(page);

    // The bureau makes a patent application worth 5 points. Thresholds out of order are refused, next to them.
    await harness.actAs(page, admin, '/rubric');
    const rubricForm = page.getByTestId('rubric-form');
    await rubricForm.waitFor();
    expect(await page.getByTestId('rubric-version').textContent()).toBe(
      'The published default rubric; the bureau has not changed it.',
    );
    await rubricForm.getByLabel('Patents applied for').fill('5');
    await rubricForm.getByLabel('Excellent', { exact: true }).fill('50');
    await rubricForm.getByRole('button', { name: 'Save the rubric' }).click();
    await rubricForm
      .getByTestId('error-gradeThresholds')
      .filter({ hasText: 'Must rank excellent ≥ good ≥ competent' })
      .waitFor();
    await rubricForm.getByLabel('Excellent', { exact: true }).fill('80');
    await rubricForm.getByRole('button', { name: 'Save the rubric' }).click();
    await page.getByTestId('notice').filter({ hasText: 'The rubric has been saved as version 1.' }).waitFor();
    expect(await page.getByTestId('rubric-form').getByLabel('Patents applied for').inputValue()).toBe('5');
    await page.screenshot({ path: '/tmp/console-rubric.png', fullPage: true });

    // The bureau opens the year's assessments from the assessments page.
    await page.getByRole('link', { name: 'Assessments', exact: true }).click();
    await page.getByLabel('Year', { exact: true }).selectOption(year);
    await page.waitForURL(`**/#/assessments/${year}`);
    await page.getByRole('button', { name: `Open the ${year} assessments` }).click();
    await page
      .getByTestId('notice')
      .filter({ hasText: `1 assessment(s) for ${year} are open` })
      .waitFor();
    const listed = page.getByTestId('assessment');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.getByTestId('state').getAttribute('data-state')).toBe('awaiting_rating');
    const assessmentId = (await listed.getAttribute('data-assessment-id')) ?? '';
    const assessmentRoute = `/assessments/${encodeURIComponent(assessmentId)}`;

    // The enterprise is asked on its task list and rates on the assessment page.
    await harness.actAs(page, enterprise, '/tasks');
    const rateTask = page.locator('[data-testid="task"][data-task-kind="rate-commissioner"]');
    await refreshUntilVisible(page, rateTask);
    expect(await rateTask.locator('td').first().textContent()).toBe('Rate the commissioner (enterprise)');
    await rateTask.getByRole('link', { name: 'Open the assessment to rate the commissioner' }).click();
    await stateBadge(page, 'awaiting_rating').waitFor();
    expect(new URL(page.url()).hash).toBe(`#${assessmentRoute}`);
    const ratingForm = page.getByTestId('rating-form');
    await ratingForm.getByRole('radio', { name: 'Satisfied', exact: true }).check();
    const comment = '特派员响应及时，方案落地效果好。';
    await ratingForm.getByLabel('Comment').fill(comment);
    await ratingForm.getByRole('button', { name: 'Submit rating' }).click();
    await page.getByTestId('notice').filter({ hasText: 'your rating has been recorded' }).waitFor();
    expect(await page.getByTestId('rating-form').count()).toBe(0);
    expect(await page.getByTestId('rating-score').textContent()).toContain('4 / 5');
    expect(await page.getByTestId('rating-comment').textContent()).toBe(comment);

    // The bureau finds the year scored by the new rubric, every term of the sum shown.
    await harness.actAs(page, admin, assessmentRoute);
    const decisions = page.getByTestId('assessment-decisions');
    await refreshUntilVisible(page, decisions.getByRole('button', { name: 'Excellent' }));
    await stateBadge(page, 'scored').waitFor();
    const outcome = async (category: string) =>
      Object.fromEntries(
        await page
          .locator(`[data-testid="score-outcomes"] tr[data-category="${category}"] td[data-column]`)
          .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-column'), td.textContent])),
      );
    expect(await outcome('patentsApplied')).toEqual({
      accepted: '2',
      goal: '2',
      goalMet: '100%',
      pointsEach: '5',
      points: '10',
    });
    expect(await outcome('technicalTrainings')).toEqual({
      accepted: '1',
      goal: '2',
      goalMet: '50%',
      pointsEach: '1',
      points: '1',
    });
    expect(await outcome('patentsGranted')).toMatchObject({ accepted: '0', goal: '0', goalMet: '—' });
    expect(await outcome('all')).toEqual({ points: '17' });
    const term = (name: string) => page.locator(`[data-testid="score-terms"] tr[data-term="${name}"]`);
    // Goals: (1 + 1 + 1/2 + 1) / 4 met, of 50 points.
    expect(await term('goals').locator('td').allTextContents()).toEqual([
      '88% of the goals met (each goal pro rata, at most in full) × 50 points',
      '43.75',
    ]);
    expect(await term('rating').locator('td').allTextContents()).toEqual(['4 stars × 6 points', '24']);
    expect(await term('total').locator('[data-column="points"]').textContent()).toBe('84.75');
    expect(await page.getByTestId('suggested-grade').textContent()).toBe('Excellent');
    expect(await page.getByTestId('grading-guidance').textContent()).toContain(
      'The rubric suggests “Excellent” for 84.75 points',
    );
    expect(await page.getByTestId('counted-reports').getByRole('link').allTextContents()).toEqual([
      'Report 1',
    ]);

    // Incompetent must say why; the bureau grades excellent.
    await decisions.getByRole('button', { name: 'Incompetent' }).click();
    await decisions.getByTestId('error-reason').filter({ hasText: 'Please give a reason.' }).waitFor();
    await decisions.getByRole('button', { name: 'Excellent' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Recorded “Excellent”' }).waitFor();
    // The page reloads once the workflow has recorded the grade.
    await stateBadge(page, 'graded').waitFor();
    expect(await page.getByTestId('grade-details').getByTestId('grade').textContent()).toBe('Excellent');
    await page.getByTestId('notice').filter({ hasText: 'Graded “Excellent” by the bureau.' }).waitFor();
    const audit = await page.getByTestId('audit').textContent();
    expect(audit).toContain('Rated by the enterprise');
    expect(audit).toContain('Scored by the rubric');
    expect(audit).toContain('Graded');
    await page.screenshot({ path: '/tmp/console-assessment.png', fullPage: true });

    // The year's list shows the score and the grade; the commissioner sees the same assessment.
    await page.getByRole('link', { name: `Back to the ${year} assessments` }).click();
    const row = page.getByTestId('assessment');
    await row.waitFor();
    expect(await row.locator('[data-column="total"]').textContent()).toBe('84.75');
    expect(await row.locator('[data-column="grade"]').textContent()).toBe('Excellent');
    await page.screenshot({ path: '/tmp/console-assessments.png', fullPage: true });
    await harness.actAs(page, commissioner, assessmentRoute);
    await stateBadge(page, 'graded').waitFor();
    expect(await page.getByTestId('assessment-decisions').isHidden()).toBe(true);

    // The same in Chinese.
    await page.getByTestId('language').selectOption('zh-CN');
    await page
      .locator('.page-heading h1', {
        hasText: `${year} 年度考核：${application.name} · ${enterprise.organization}`,
      })
      .waitFor();
    expect(await page.getByTestId('grade-details').getByTestId('grade').textContent()).toBe('优秀');
    expect(await term('rating').locator('td').first().textContent()).toBe('4 星 × 6 分');
    await page.screenshot({ path: '/tmp/console-assessment-zh.png', fullPage: true });

    expect(violations).toEqual([]);
    await context.close();
  });
});
