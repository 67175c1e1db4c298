import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { industries } from '#shared/application/vocabulary.ts';
import {
  admin,
  ConsoleHarness,
  defaultParticipants,
  enterprise,
  enterpriseDemand,
} from './browserSupport.ts';

/*
 * A reader whose browser asks for Chinese reads Chinese: what the server explains (why a candidate scored
 * what it did) reaches them in their language, with no English word and no raw id of a vocabulary.
 */

let harness: ConsoleHarness;
let demandId: string;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-chinese-');
  const approved = await harness.seedApprovedCommissioner();
  ({ demandId } = await harness.seedVerifiedDemand(defaultParticipants, approved.tokens.admin));
});

afterAll(async () => {
  await harness?.close();
});

/**
 * The English words and raw ids on the page as a reader sees it: runs of three or more Latin letters that
 * are not part of an email address or a code mixing letters and digits (a credit code), and any id of the
 * industry vocabulary. The language chooser names each language in that language, so it is left out.
 */
async function untranslated(page: Page): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, without the text of hidden elements
  const text = (await page.locator('body').innerText()).replace(
    // biome-ignore lint/performance/useDomNodeTextContent: as above
    await page.getByTestId('language').innerText(),
    ' ',
  );
  const withoutData = text.replaceAll(/\S+@\S+/g, ' ');
  const words = withoutData.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  const ids = industries.filter((industry) => text.includes(industry));
  return [...new Set([...words, ...ids])];
}

describe('console: in Chinese', () => {
  it('explains each candidate’s score in Chinese, naming the industry rather than its id', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280, 'zh-CN');

    await harness.actAs(page, admin, `/demands/${encodeURIComponent(demandId)}`);
    const candidate = page.getByTestId('candidate').first();
    await candidate.waitFor();

    const industry = candidate.locator('[data-criterion="industry"]');
    expect(await industry.getByTestId('explanation').textContent()).toBe('熟悉需求所属行业：先进制造');
    expect(await industry.getAttribute('title')).toBe('熟悉需求所属行业：先进制造');
    const fields = candidate.locator('[data-criterion="technicalFields"]');
    expect(await fields.getByTestId('explanation').textContent()).toBe('需求的 2 个技术领域中匹配 1 个');
    const load = candidate.locator('[data-criterion="load"]');
    expect(await load.getByTestId('explanation').textContent()).toBe('正在服务 0 家企业，满负荷为 3 家');
    await page.screenshot({ path: '/tmp/console-candidates-zh.png', fullPage: true });
    expect(await untranslated(page)).toEqual([]);
    await context.close();
  });

  it('says why the server refused a form in Chinese, beside the field, with no English word', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280, 'zh-CN');
    await harness.actAs(page, enterprise, '/demands/new');
    const form = page.locator('form', { has: page.getByTestId('submit-demand') });
    const field = (name: string) => form.locator(`[data-field="${name}"] :is(input, select, textarea)`);
    await field('enterpriseName').waitFor();

    // A credit code of the right shape whose check character is wrong: only the server's check finds it.
    await field('creditCode').fill('91330110MA2B3C4D57');
    await field('problem').fill(enterpriseDemand.problem);
    await field('industry').selectOption('advancedManufacturing');
    await field('technicalFields').fill(enterpriseDemand.technicalFields.join('、'));
    await field('location').fill(enterpriseDemand.location);
    await field('contactName').fill(enterpriseDemand.contactName);
    await field('contactPhone').fill(enterpriseDemand.contactPhone);
    await field('contactEmail').fill(enterprise.email);
    await page.getByTestId('submit-demand').click();

    await form.getByTestId('error-creditCode').filter({ hasText: '校验位应为 6' }).waitFor();
    expect(await field('creditCode').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: '/tmp/console-field-error-zh.png', fullPage: true });
    expect(await untranslated(page)).toEqual([]);
    await context.close();
  });

  it('says why the server refused a whole request in Chinese: a record that is not there, one that is not the reader’s', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1280, 'zh-CN');
    await harness.actAs(page, enterprise, '/reports/no-such-report');
    await page.getByTestId('notice').filter({ hasText: '未找到（找不到该成果报告）' }).waitFor();
    expect(await untranslated(page)).toEqual([]);
    // The demand is the enterprise's own; another enterprise may not read it.
    await harness.actAs(
      page,
      {
        email: 'boss@second-enterprise.example.com',
        role: 'enterprise',
        organization: '另一家企业有限公司',
      },
      `/demands/${encodeURIComponent(demandId)}`,
    );
    await page.getByTestId('notice').filter({ hasText: '（该需求不属于您）' }).waitFor();
    await page.screenshot({ path: '/tmp/console-refusal-zh.png', fullPage: true });
    expect(await untranslated(page)).toEqual([]);
    await context.close();
  });
});
