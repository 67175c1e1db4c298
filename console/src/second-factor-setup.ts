import {
  associateSoftwareToken,
  type CognitoFailure,
  groupedSecret,
  otpauthUri,
  preferSoftwareToken,
  sixDigitCode,
  verifySoftwareToken,
} from './cognito-totp.ts';
import { deploymentConfig } from './deployment.ts';
import { h } from './dom.ts';
import { clearErrors, field, formErrorSlot, showFieldError, showSubmitError } from './forms.ts';
import { t } from './i18n.ts';
import { finishSecondFactorSetup, pendingSecondFactorSetup, startSignIn } from './oidc-sign-in.ts';
import { loadingNotice, notice } from './ui.ts';

/**
 * A bureau or panel member of a Cognito deployment whose sign-in had no second factor sets up an
 * authenticator app here (Cognito's own pages do not offer it when MFA is optional); from then on
 * Cognito asks its code at every sign-in.
 */
export async function renderSecondFactorSetup(root: HTMLElement): Promise<void> {
  const setup = pendingSecondFactorSetup();
  const endpoint = deploymentConfig().signIn.cognitoSecondFactorSetup?.endpoint;
  root.append(h('h1', {}, t('secondFactor.heading')));
  if (!setup || endpoint === undefined) {
    root.append(notice('info', t('secondFactor.nothingToSetUp')), signInAgainButton());
    return;
  }
  const loading = loadingNotice();
  root.append(notice('info', t('secondFactor.intro')), loading);
  const associated = await associateSoftwareToken(endpoint, setup.accessToken);
  if (!associated.ok) {
    loading.replaceWith(failureNotice(associated.failure));
    return;
  }
  const secret = associated.value;
  const uri = otpauthUri(setup.email, secret);
  const code = h('input', {
    type: 'text',
    class: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    required: true,
    maxlength: 7,
  });
  const submitButton = h('button', { type: 'submit', class: 'primary' }, t('secondFactor.verify'));
  const form = h(
    'form',
    { novalidate: true, 'data-testid': 'second-factor-form' },
    field({
      name: 'code',
      id: 'second-factor-code',
      label: t('secondFactor.code'),
      control: code,
      hint: t('secondFactor.codeHint'),
    }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );
  loading.replaceWith(
    h('p', {}, t('secondFactor.secretIntro')),
    h('p', { class: 'code', 'data-testid': 'totp-secret' }, groupedSecret(secret)),
    h(
      'p',
      {},
      t('secondFactor.uriIntro'),
      ' ',
      h('a', { href: uri, class: 'code', 'data-testid': 'totp-uri' }, uri),
    ),
    form,
  );

  const showFailure = (failure: CognitoFailure) => {
    if (failure.kind !== 'wrong-code') {
      form.querySelector('.form-error')?.append(failureNotice(failure));
      return;
    }
    showFieldError(form, 'code', t('secondFactor.wrongCode'));
    code.select();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const typed = sixDigitCode(code.value);
    if (typed === undefined) {
      showFieldError(form, 'code', t('secondFactor.codeFormat'));
      code.focus();
      return;
    }
    submitButton.disabled = true;
    try {
      const verified = await verifySoftwareToken(endpoint, setup.accessToken, typed);
      if (!verified.ok) return showFailure(verified.failure);
      const preferred = await preferSoftwareToken(endpoint, setup.accessToken);
      if (!preferred.ok) return showFailure(preferred.failure);
      if ((await finishSecondFactorSetup(setup)) === 'still-required') {
        form
          .querySelector('.form-error')
          ?.append(notice('error', t('secondFactor.stillRequired')), signInAgainButton());
      }
    } catch (error) {
      showSubmitError(form, error);
    } finally {
      submitButton.disabled = false;
    }
  });
}

function failureNotice(failure: CognitoFailure): HTMLElement {
  if (failure.kind === 'sign-in-again') {
    return h('div', {}, notice('error', t('secondFactor.signInAgain')), signInAgainButton());
  }
  if (failure.kind === 'wrong-code') return notice('error', t('secondFactor.wrongCode'));
  return notice('error', t('secondFactor.failed', { name: failure.name }));
}

function signInAgainButton(): HTMLElement {
  const button = h(
    'button',
    { type: 'button', 'data-testid': 'sign-in-again' },
    t('secondFactor.signInAgainButton'),
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    startSignIn().catch(() => {
      button.disabled = false;
    });
  });
  return button;
}
