import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demandForm } from '#test/support/apiClient.ts';
import { admin, ConsoleHarness } from './browserSupport.ts';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-people-');
});

afterAll(async () => {
  await harness?.close();
});

describe('console: the People page', () => {
  it("lets the bureau invite an enterprise user, who signs in by email and sees only their enterprise's demands", {
    timeout: 120_000,
  }, async () => {
    // Arrange: another enterprise's demand, which the invited user must not see
    const other = await harness.tokenFor({
      email: 'zhao@yi-equipment.example.com',
      role: 'enterprise',
      organization: '乙智能装备有限公司',
    });
    await harness.call('POST', '/demands', other, demandForm('乙智能装备有限公司'));
    const { context, page } = await harness.openConsole(1280);

    // The bureau invites the user on the People page.
    await harness.actAs(page, admin, '/tasks');
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByText('Invite a person').click();
    const form = page.getByTestId('invite-form');
    await form.getByLabel('Email').fill('wang@jia-machinery.example.com');
    await form.getByLabel('Enterprise', { exact: true }).check();
    await form.getByLabel('Organisation').fill('甲精密机械有限公司');
    await form.getByTestId('invite').click();
    const row = page.getByTestId('person').filter({ hasText: 'wang@jia-machinery.example.com' });
    await row.waitFor();
    expect(await row.textContent()).toContain('甲精密机械有限公司');
    const invitations = await new ApiClient(harness.url).invitationsTo('wang@jia-machinery.example.com');
    expect(invitations).toHaveLength(1);

    // The invited user signs in with their email only, and reads as the membership says.
    await page.getByTestId('sign-out').click();
    await page.getByLabel('Email', { exact: true }).fill('wang@jia-machinery.example.com');
    await page.getByTestId('sign-in').click();
    const account = page.getByTestId('account');
    await account.getByText('wang@jia-machinery.example.com').waitFor();
    expect(await account.textContent()).toContain('甲精密机械有限公司');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'People' }).count()).resolves.toBe(0);
    await page.goto(`${harness.url}/#/demands`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect(page.getByText('乙智能装备有限公司').count()).resolves.toBe(0);
    await context.close();
  });
});
