import { api } from './api.ts';
import { startCognitoSignIn } from './cognito-sign-in.ts';
import { isLocalRuntime } from './deployment.ts';
import { h } from './dom.ts';
import { clearErrors, field, formErrorSlot, showSubmitError } from './forms.ts';
import { t } from './i18n.ts';
import { isOneOf, roles, rolesWithOrganization } from './model.ts';
import { homeRoute } from './page.ts';
import { saveSession, takeReturnRoute } from './session.ts';
import { notice } from './ui.ts';

/** Local sign-in: the embedded runtime issues a token for any email and role, with no password. */
export function renderSignIn(root: HTMLElement): void {
  if (!isLocalRuntime()) {
    renderCognitoSignIn(root);
    return;
  }
  const email = h('input', { type: 'email', required: true, autocomplete: 'email' });
  const role = h(
    'select',
    { required: true, value: 'commissioner' },
    ...roles.map((value) => h('option', { value }, t(`role.${value}`))),
  );
  const organization = h('input', { type: 'text', autocomplete: 'organization' });
  const organizationField = field({
    name: 'organization',
    id: 'sign-in-organization',
    label: t('signIn.organization'),
    control: organization,
    hint: t('signIn.organizationHint'),
  });
  const showOrganization = () => {
    const needed = isOneOf(rolesWithOrganization, role.value);
    organizationField.hidden = !needed;
    organization.required = needed;
  };
  role.addEventListener('change', showOrganization);
  showOrganization();

  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'sign-in' },
    t('signIn.submit'),
  );
  const form = h(
    'form',
    { class: 'stacked narrow' },
    field({ name: 'email', id: 'sign-in-email', label: t('signIn.email'), control: email }),
    field({ name: 'role', id: 'sign-in-role', label: t('signIn.role'), control: role }),
    organizationField,
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!isOneOf(roles, role.value)) return;
    const signedInRole = role.value;
    const organizationName = organizationField.hidden ? undefined : organization.value.trim();
    const credentials = {
      email: email.value.trim(),
      role: signedInRole,
      ...(organizationName === undefined ? {} : { organization: organizationName }),
    };
    submitButton.disabled = true;
    try {
      const { token } = await api.signIn(credentials);
      saveSession({ token, ...credentials });
      location.hash = `#${takeReturnRoute() ?? homeRoute(signedInRole)}`;
    } catch (error) {
      showSubmitError(form, error);
    } finally {
      submitButton.disabled = false;
    }
  });

  root.append(h('h1', {}, t('signIn.heading')), notice('info', t('signIn.localNotice')), form);
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
