import { api } from './api.ts';
import { startCognitoSignIn } from './cognito-sign-in.ts';
import { isLocalRuntime } from './deployment.ts';
import { h } from './dom.ts';
import { clearErrors, field, formErrorSlot, showSubmitError } from './forms.ts';
import { t } from './i18n.ts';
import { homeRoute } from './page.ts';
import { saveSession, sessionFor, takeReturnRoute } from './session.ts';
import { notice } from './ui.ts';

/**
 * Local sign-in: the embedded runtime issues a token for any email, with no password. It says
 * only who the reader is; what they may do is their membership's, which GET /me reads.
 */
export function renderSignIn(root: HTMLElement): void {
  if (!isLocalRuntime()) {
    renderCognitoSignIn(root);
    return;
  }
  const email = h('input', { type: 'email', required: true, autocomplete: 'email' });
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'sign-in' },
    t('signIn.submit'),
  );
  const form = h(
    'form',
    { class: 'stacked narrow' },
    field({ name: 'email', id: 'sign-in-email', label: t('signIn.email'), control: email }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitButton.disabled = true;
    try {
      const { token } = await api.signIn({ email: email.value.trim() });
      const session = sessionFor(token, await api.me(token));
      saveSession(session);
      location.hash = `#${takeReturnRoute() ?? homeRoute(session.role)}`;
    } catch (error) {
      showSubmitError(form, error);
    } finally {
      submitButton.disabled = false;
    }
  });

  root.append(h('h1', {}, t('signIn.heading')), notice('info', t('signIn.emailOnlyNotice')), form);
}

/** In the cloud, people sign in with their bureau account on Cognito's page. */
function renderCognitoSignIn(root: HTMLElement): void {
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'sign-in' },
    t('signIn.cognitoSubmit'),
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    startCognitoSignIn().catch(() => {
      button.disabled = false;
    });
  });
  root.append(h('h1', {}, t('signIn.heading')), notice('info', t('signIn.cognitoNotice')), button);
}
