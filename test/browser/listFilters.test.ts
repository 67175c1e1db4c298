import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, ConsoleHarness, otherParticipants, type Participants } from './browserSupport.ts';

/*
 * The bureau's application list filters by organisation and by year as the API does, keeps the
 * filters in the route so that a reload shows the same rows, and sends no year that is not YYYY.
 */

let harness: ConsoleHarness;
let firstYear: string;

const zju = otherParticipants({
  name: '李伟',
  email: 'li.wei@example.edu.cn',
  institution: '浙江大学',
  officeEmail: 'kyy@zju.edu.cn',
  enterprise: '杭州余杭精密机械有限公司',
  enterpriseEmail: 'zhang.ming@yuhang-jingmi.example.com',
});
const zjut = otherParticipants({
  name: '王芳',
  email: 'wang.fang@example.edu.cn',
  institution: '浙江工业大学',
  officeEmail: 'kjc@zjut.edu.cn',
  enterprise: '杭州临平电子有限公司',
  enterpriseEmail: 'chen@linping-dianzi.example.com',
});
const zjuNextYear = otherParticipants({
  name: '陈静',
  email: 'chen.jing@example.edu.cn',
  institution: '浙江大学',
  officeEmail: 'kyy@zju.edu.cn',
  enterprise: '杭州余杭精密机械有限公司',
  enterpriseEmail: 'zhang.ming@yuhang-jingmi.example.com',
});

async function submit(parties: Participants): Promise<string> {
  const { application } = await harness.call<{ application: { createdAt: string } }>(
    'POST',
    '/applications',
    await harness.tokenFor(parties.commissioner),
    parties.application,
    { 'idempotency-key': crypto.randomUUID() },
  );
  return application.createdAt;
}

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-list-filters-');
  const createdAt = await submit(zju);
  await submit(zjut);
  firstYear = createdAt.slice(0, 4);
  await harness.advanceTo(`${Number(firstYear) + 1}-01-10`, '10:00');
  await submit(zjuNextYear);
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

describe('console: the bureau filters the application list', () => {
  it('by organisation and by year, kept in the route across a reload', { timeout: 120_000 }, async () => {
    const { context, page } = await harness.openConsole(1200);
    await harness.actAs(page, admin, '/applications');
    const names = () => page.getByTestId('applications').locator('tbody tr td:first-child').allTextContents();
    const shows = async (expected: string[]) =>
      expect.poll(async () => (await names()).sort(), { timeout: 15_000 }).toEqual([...expected].sort());

    await shows(['李伟', '王芳', '陈静']);

    await page.getByTestId('applications-organization-filter').fill('浙江大学');
    await page.getByTestId('applications-apply-filters').click();
    await shows(['李伟', '陈静']);

    // A year that is not YYYY is named and not sent: the rows stay those of the last filters.
    await page.getByTestId('applications-year-filter').fill('26');
    await page.getByTestId('applications-apply-filters').click();
    await expect.poll(() => page.getByTestId('applications-filter-error').textContent()).toMatch(/YYYY/);
    await shows(['李伟', '陈静']);

    await page.getByTestId('applications-year-filter').fill(firstYear);
    await page.getByTestId('applications-year-filter').press('Enter');
    await shows(['李伟']);
    expect(await page.getByTestId('applications-filter-error').textContent()).toBe('');
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(
      `#/applications?year=${firstYear}&organization=浙江大学`,
    );

    await page.reload();
    await shows(['李伟']);
    expect(await page.getByTestId('applications-year-filter').inputValue()).toBe(firstYear);
    expect(await page.getByTestId('applications-organization-filter').inputValue()).toBe('浙江大学');
    await page.screenshot({ path: '/tmp/console-list-filters.png', fullPage: true });

    await page.getByTestId('applications-organization-filter').fill('');
    await page.getByTestId('applications-year-filter').fill(String(Number(firstYear) + 1));
    await page.getByTestId('applications-apply-filters').click();
    await shows(['陈静']);
    await context.close();
  });
});
