import { deploymentConfig } from './deployment.ts';
import { h } from './dom.ts';
import { t } from './i18n.ts';
import { startSignIn } from './oidc-sign-in.ts';
import { notice } from './ui.ts';

/**
 * Every deployment signs in the same way: at the OpenID Connect provider config.json names. The account
 * there says who the reader is; what they may do is the membership the bureau gave them (GET /me).
 */
export function renderSignIn(root: HTMLElement): void {
  const { issuer } = deploymentConfig().signIn;
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'sign-in' },
    t('signIn.submit'),
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    startSignIn().catch(() => {
      button.disabled = false;
    });
  });
  root.append(
    h('h1', {}, t('signIn.heading')),
    notice('info', t('signIn.notice', { host: new URL(issuer).host })),
    button,
  );
}
