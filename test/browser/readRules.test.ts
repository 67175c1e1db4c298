import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  ConsoleHarness,
  defaultParticipants,
  enterprise,
  refreshUntilVisible,
  stateBadge,
} from './browserSupport.ts';

/*
 * The console shows each reader what the API gives them: the bureau the audit trail and every
 * objection with its objector; a signed-in stranger the public notice as a notice board shows it,
 * with no email address on the page but their own in the account corner.
 */

let harness: ConsoleHarness;
let dispatchRoute: string;
const stranger = { email: 'passer-by@example.com', role: 'commissioner' } as const;

beforeAll(async () => {
  harness = await ConsoleHarness.start('console-read-rules-');
  const approved = await harness.seedApprovedCommissioner();
  const enterpriseToken = await harness.tokenFor(enterprise);
  const adminToken = approved.tokens.admin;
  const posted = await harness.call<{ demand: { id: string } }>(
    'POST',
    '/demands',
    enterpriseToken,
    defaultParticipants.demand,
  );
  await harness.completeTaskOf(adminToken, `verify-demand.${posted.demand.id}`, 'verify');
  await harness.untilState(adminToken, `/demands/${posted.demand.id}`, 'demand', 'verified');
  const { dispatch } = await harness.call<{ dispatch: { id: string } }>('POST', '/dispatches', adminToken, {
    demandId: posted.demand.id,
    commissionerId: approved.commissionerId,
  });
  const path = `/dispatches/${encodeURIComponent(dispatch.id)}`;
  await harness.completeTaskOf(
    approved.tokens.commissioner,
    `accept-dispatch-commissioner.${dispatch.id}`,
    'accept',
  );
  await harness.completeTaskOf(enterpriseToken, `accept-dispatch-enterprise.${dispatch.id}`, 'accept');
  await harness.untilState(adminToken, path, 'dispatch', 'in_notice');
  await harness.call('POST', `${path}/objections`, await harness.tokenFor(stranger), {
    reason: '该专家已服务多家企业，精力不足，请核实。',
  });
  dispatchRoute = `/dispatches/${encodeURIComponent(dispatch.id)}`;
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

const anyEmail = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

describe('console: a dispatch under public notice, per reader', () => {
  it('shows a signed-in stranger the notice and their own objection, and no one else’s email', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1200);
    await harness.actAs(page, stranger, dispatchRoute);
    await refreshUntilVisible(page, stateBadge(page, 'in_notice'));
    await page.getByTestId('objection').waitFor();
    expect(await page.getByTestId('audit').count()).toBe(0);
    expect(await page.getByTestId('objection').count()).toBe(1);
    // Each text node apart, so a date and an email in neighbouring cells do not run together.
    const content = await page.locator('main').evaluate((root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const parts: string[] = [];
      while (walker.nextNode()) parts.push(walker.currentNode.nodeValue ?? '');
      return parts.join(' ');
    });
    expect(content.match(anyEmail) ?? []).toEqual([stranger.email]);
    await page.screenshot({ path: '/tmp/console-notice-stranger.png', fullPage: true });
    await context.close();
  });

  it('shows the bureau the audit trail and every objection with its objector', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await harness.openConsole(1200);
    await harness.actAs(page, admin, dispatchRoute);
    await refreshUntilVisible(page, stateBadge(page, 'in_notice'));
    await page.getByTestId('audit').waitFor();
    expect(await page.getByTestId('objection').filter({ hasText: stranger.email }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/console-notice-bureau.png', fullPage: true });
    await context.close();
  });
});
