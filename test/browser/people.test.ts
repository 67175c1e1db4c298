import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demandForm } from '#test/support/apiClient.ts';
import { ConsoleHarness, signInAtConsole, signOutAtConsole } from './browserSupport.ts';

let harness: ConsoleHarness;

// The browser test that runs with email through SMTP, as a China deployment sends it.
beforeAll(async () => {
  harness = await ConsoleHarness.start('console-people-', 'smtp');
});

afterAll(async () => {
  await harness?.close();
});

const invitee = { email: 'wang@jia-machinery.example.com', organization: '甲精密机械有限公司' };
const invitationLink = /https?:\/\/\S+\/oidc\/invitation\/[\w-]+/;

describe('console: the People page', () => {
  it('lets the bureau invite an enterprise user, who sets a password from the email, signs in through the identity provider and sees only their enterprise’s demands', {
    timeout: 180_000,
  }, async () => {
    // Arrange: a demand of the invitee's enterprise, posted by a colleague, and another enterprise's
    const colleague = await harness.tokenFor({
      email: 'li@jia-machinery.example.com',
      role: 'enterprise',
      organization: invitee.organization,
    });
    await harness.call('POST', '/demands', colleague, demandForm(invitee.organization));
    const other = await harness.tokenFor({
      email: 'zhao@yi-equipment.example.com',
      role: 'enterprise',
      organization: '乙智能装备有限公司',
    });
    await harness.call('POST', '/demands', other, demandForm('乙智能装备有限公司'));
    const { context, page } = await harness.openConsole(1280);

    // A bureau member signs in through the provider for the first time: the console asks it for the second
    // factor the bureau's rights need, and the provider has them set up an authenticator.
    const bureau = await harness.credentialsOf({ email: 'chen.jing@bureau.example.gov.cn', role: 'admin' });
    await signInAtConsole(page, harness.url, bureau, '/tasks');
    expect(bureau.totpSecret).toBeDefined();

    // The bureau invites the user on the People page.
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByText('Invite a person').click();
    const form = page.getByTestId('invite-form');
    await form.getByLabel('Email').fill(invitee.email);
    await form.getByLabel('Enterprise', { exact: true }).check();
    await form.getByLabel('Organisation').fill(invitee.organization);
    await form.getByTestId('invite').click();
    const row = page.getByTestId('person').filter({ hasText: invitee.email });
    await row.waitFor();
    expect(await row.textContent()).toContain(invitee.organization);
    await signOutAtConsole(page);

    // The invitation email, sent through SMTP, carries the link to choose a password at the provider.
    const [invitation, ...more] = await new ApiClient(harness.url).invitationsTo(invitee.email);
    expect(more).toHaveLength(0);
    expect(invitation?.via).toBe('smtp');
    const link = invitation?.text.match(invitationLink)?.[0];
    expect(link).toBeDefined();
    await page.goto(link ?? '');
    const password = 'a password of wang’s own';
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.getByText('Your password is set').waitFor();

    // The invited user signs in at the console through the provider, and reads as the membership says.
    await signInAtConsole(page, harness.url, { email: invitee.email, password }, '/demands');
    expect(await page.getByTestId('account').textContent()).toContain(invitee.organization);
    await expect(page.getByRole('navigation').getByRole('link', { name: 'People' }).count()).resolves.toBe(0);
    const demands = page.getByTestId('demand');
    await demands.first().waitFor();
    expect(await demands.count()).toBe(1);
    expect(await demands.first().textContent()).toContain(invitee.organization);
    await expect(page.getByText('乙智能装备有限公司').count()).resolves.toBe(0);
    await context.close();
  });
});
