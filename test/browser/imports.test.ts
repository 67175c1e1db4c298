import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '#console/messages/en.json' with { type: 'json' };
import { programmeWorkbook, threeBatchProgramme } from '#test/support/programmeWorkbook.ts';
import { admin, ConsoleHarness } from './browserSupport.ts';

/*
 * The bureau imports a programme already running from the console: a workbook with a mistake is
 * refused with the cell and the reason, the correct one is checked, confirmed and written, its
 * years show in the statistics, and the same workbook again finds everything already there.
 */

let harness: ConsoleHarness;
/** Where the test's workbooks are written, to be picked like any file. */
let workbooks: string;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-imports-');
  workbooks = await mkdtemp(join(tmpdir(), 'console-import-workbooks-'));
});

afterAll(async () => {
  await harness?.close();
  if (workbooks !== undefined) await rm(workbooks, { recursive: true, force: true });
});

/** Collects what the content security policy refused: the console must need nothing it forbids. */
function policyViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

/** A table row's cells by column, as the page shows them. */
async function cellsOf(row: Locator): Promise<Record<string, string>> {
  const entries = await row
    .locator('td[data-column]')
    .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-column') ?? '', td.textContent ?? '']));
  return Object.fromEntries(entries);
}

/** The import shown, once in `state` (an import's workflow may take a while to write). */
async function importInState(page: Page, state: string, timeout?: number): Promise<void> {
  await page.locator(`[data-testid="import-state"][data-state="${state}"]`).waitFor({ timeout });
}

/** Picks the workbook and has it uploaded and checked, as the bureau does. */
async function uploadWorkbook(page: Page, name: string, bytes: Buffer): Promise<void> {
  const path = join(workbooks, name);
  await writeFile(path, bytes);
  await page.getByTestId('import-file').setInputFiles(path);
  await page.getByTestId('import-upload').click();
}

/** Waits for the confirmation to be possible, confirms, and waits for the import to be written. */
async function confirmImport(page: Page): Promise<void> {
  await importInState(page, 'checked');
  await page.locator('[data-testid="import-confirm"]:enabled').waitFor();
  await page.getByTestId('import-confirm').click();
  await importInState(page, 'imported', 120_000);
}

const written = (page: Page, phase: string) =>
  cellsOf(page.locator(`[data-testid="import-written"] tr[data-key="${phase}"]`));

describe('console: importing a programme already running', () => {
  it('refuses a workbook with a mistake cell by cell, imports the correct one, and finds it already there again', {
    timeout: 300_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280);
    const violations = policyViolations(page);
    await harness.actAs(page, admin, '/tasks');
    await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import a programme already running' }).waitFor();
    await page.getByTestId('import-list').getByText('No imports yet.').waitFor();

    // The second commissioner's mobile number is a digit short: refused, the cell and the reason shown.
    const programme = threeBatchProgramme();
    await uploadWorkbook(
      page,
      '莲都区特派员（有误）.xlsx',
      await programmeWorkbook({
        ...programme,
        commissioners: (programme.commissioners ?? []).map((row, index) =>
          index === 1 ? { ...row, phone: '1385780000' } : row,
        ),
      }),
    );
    await importInState(page, 'refused');
    expect(await page.getByTestId('import-state').textContent()).toBe('Refused');
    const problems = page.getByTestId('import-problem');
    await problems.first().waitFor();
    expect(await problems.count()).toBe(1);
    expect(await cellsOf(problems.first())).toEqual({
      sheet: 'Commissioners',
      row: '3',
      column: 'C 手机 Mobile phone',
      problem: en['fieldError.notMobile'],
    });
    expect(await page.getByTestId('import-problem-count').textContent()).toBe('1 problem(s)');
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    expect(new URL(page.url()).hash).toMatch(/^#\/imports\/import-/);
    await page.screenshot({ path: '/tmp/console-imports-refused.png', fullPage: true });

    // The correct workbook: every row passes, and once confirmed every record is created.
    await uploadWorkbook(page, '莲都区特派员.xlsx', await programmeWorkbook(programme));
    await importInState(page, 'checked');
    expect(
      await page.locator('[data-testid="import-rows"] tr[data-key="commissioners"] td').textContent(),
    ).toBe('3');
    expect(await page.locator('[data-testid="import-rows"] tr[data-key="reports"] td').textContent()).toBe(
      '5',
    );
    await confirmImport(page);
    expect(await written(page, 'commissioners')).toEqual({ created: '3', present: '0' });
    expect(await written(page, 'reports')).toEqual({ created: '5', present: '0' });
    expect(await written(page, 'institutions')).toEqual({ created: '2', present: '0' });
    const importedRoute = new URL(page.url()).hash;

    // Both imports are listed, newest first, each with its state.
    const listed = page.getByTestId('import-list-item');
    await expect
      .poll(() => listed.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state'))), {
        timeout: 10_000,
      })
      .toEqual(['imported', 'refused']);
    expect(await listed.first().locator('[data-column="name"]').textContent()).toBe('莲都区特派员.xlsx');

    // The programme's first year is in the statistics.
    await page.getByTestId('import-stats-link').click();
    await page.locator('[data-testid="by-year"] tr[data-key="2018"]').waitFor();

    // The same workbook again: checked, confirmed, and every record found already there.
    await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import a programme already running' }).waitFor();
    await uploadWorkbook(page, '莲都区特派员.xlsx', await programmeWorkbook(programme));
    await confirmImport(page);
    expect(await written(page, 'commissioners')).toEqual({ created: '0', present: '3' });
    expect(await written(page, 'reports')).toEqual({ created: '0', present: '5' });

    // An earlier import opens from the list.
    await page.locator(`[data-testid="import-list-item"] a[href="${importedRoute}"]`).click();
    await page.waitForURL(`**/${importedRoute}`);
    await importInState(page, 'imported');
    expect(await written(page, 'commissioners')).toEqual({ created: '3', present: '0' });

    // The same in Chinese: nothing of the page's own words left in English.
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '导入已在进行的项目' }).waitFor();
    await importInState(page, 'imported');
    expect(await page.getByTestId('import-state').textContent()).toBe('已导入');
    expect(
      await page.locator('[data-testid="import-written"] tr[data-key="commissioners"] th').textContent(),
    ).toBe('特派员');
    await expect
      .poll(() => listed.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state'))), {
        timeout: 10_000,
      })
      .toEqual(['imported', 'imported', 'refused']);
    const shown = (await page.locator('#main').textContent()) ?? '';
    const english = Object.entries(en)
      .filter(([key, message]) => key.startsWith('imports.') && !message.includes('{'))
      .map(([, message]) => message)
      .filter((message) => shown.includes(message));
    expect(english).toEqual([]);
    await page.screenshot({ path: '/tmp/console-imports-flow-zh.png', fullPage: true });

    expect(violations).toEqual([]);
    await context.close();
  });
});
