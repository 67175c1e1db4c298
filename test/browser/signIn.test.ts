import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, ConsoleHarness } from './browserSupport.ts';

/*
 * The console's one sign-in path: the provider config.json names, and nothing to fall back on when
 * config.json is missing or wrong; an answer from the provider that this browser did not ask for
 * signs no one in.
 */

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-sign-in-');
});

afterAll(async () => {
  await harness?.close();
});

describe('console: signing in', () => {
  it('offers one way in, at the provider config.json names', async () => {
    // Act
    const { context, page } = await harness.openConsole(1200);

    // Assert
    const issuerHost = new URL(harness.url).host;
    expect(await page.getByTestId('notice').textContent()).toContain(`your account at ${issuerHost}`);
    expect(await page.getByTestId('sign-in').count()).toBe(1);
    expect(await page.locator('main input').count()).toBe(0);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.locator('#email').waitFor();
    await context.close();
  });

  it('says so plainly when config.json is missing, and offers no sign-in', async () => {
    // Arrange
    const { context, page } = await harness.openConsole(1200);
    await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: '' }));

    // Act
    await page.reload();

    // Assert
    await page.getByTestId('notice').filter({ hasText: 'config.json is missing' }).waitFor();
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    await context.close();
  });

  it('names the field when config.json is not valid, such as the old local sign-in', async () => {
    // Arrange
    const { context, page } = await harness.openConsole(1200);
    await page.route('**/config.json', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ apiUrl: '', signIn: { kind: 'local' } }),
      }),
    );

    // Act
    await page.reload();

    // Assert
    await page.getByTestId('notice').filter({ hasText: 'signIn.kind is missing or not valid' }).waitFor();
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    await context.close();
  });

  it('signs no one in with a code it did not ask for', async () => {
    // Arrange: a real code for the bureau, sent to this browser without its state
    const { context, page } = await harness.openConsole(1200);
    const credentials = await harness.credentialsOf(admin);
    const other = await harness.openConsole(1200);
    await other.page.getByTestId('sign-in').click();
    await other.page.locator('#email').fill(credentials.email);
    await other.page.locator('#password').fill(credentials.password);
    const [redirect] = await Promise.all([
      other.page.waitForRequest((request) => request.url().startsWith(`${harness.url}/?code=`)),
      other.page.locator('button[type=submit]').click(),
    ]);
    await other.context.close();

    // Act
    await page.goto(redirect.url());

    // Assert
    await page.getByTestId('notice').filter({ hasText: 'Sign-in did not complete' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('account').count()).toBe(0);
    await context.close();
  });
});
