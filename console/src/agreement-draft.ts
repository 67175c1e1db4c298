import { addDays, addMonthsClamped, isCalendarDate } from '#shared/chinaTime.ts';
import { maxOutcomeCount } from '#shared/limits.ts';
import { ApiError, api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { clearErrors, field, fieldGroup, formErrorSlot, showSubmitError } from './forms.ts';
import { labelOf, t } from './i18n.ts';
import { agreementRoute } from './links.ts';
import {
  type Agreement,
  type AgreementDraft,
  cadences,
  type Dispatch,
  defaultCadence,
  isOneOf,
  type OutcomeCounts,
  outcomeCategories,
} from './model.ts';
import type { Session } from './session.ts';
import { errorNotice, flash, loadingNotice, refusalWithRefresh } from './ui.ts';

/**
 * The agreement of a dispatched commissioner: a link to it once drafted, else (for the bureau) the form that
 * drafts it. There is one agreement per dispatch and it bears the dispatch's id.
 */
export function agreementSection(
  dispatch: Dispatch,
  session: Session,
  reload: () => void,
): HTMLElement | null {
  if (dispatch.state !== 'dispatched') return null;
  const content = h('div', {}, loadingNotice());
  const section = h(
    'section',
    { 'data-testid': 'agreement-section' },
    h('h2', {}, t('dispatch.agreement')),
    content,
  );
  void api.getAgreement(dispatch.id).then(
    ({ agreement }) => replaceContent(content, existingAgreement(agreement)),
    (error: unknown) => {
      if (error instanceof ApiError && error.code === 'NotFound') {
        replaceContent(
          content,
          session.role === 'admin'
            ? draftForm(dispatch, reload)
            : h('p', { class: 'muted' }, t('dispatch.agreementNotDrafted')),
        );
      } else if (error instanceof ApiError && error.code === 'Forbidden') {
        // Not a party to it: nothing to show.
        section.hidden = true;
      } else {
        replaceContent(content, errorNotice(error));
      }
    },
  );
  return section;
}

function existingAgreement(agreement: Agreement): HTMLElement {
  return h(
    'p',
    { 'data-testid': 'existing-agreement' },
    t('dispatch.agreementDrafted'),
    // Not stateBadge: the page's own state badge is the dispatch's.
    h(
      'span',
      {
        class: `badge state-${agreement.state}`,
        'data-testid': 'agreement-state',
        'data-state': agreement.state,
      },
      labelOf('state', agreement.state),
    ),
    ' ',
    h(
      'a',
      { href: `#${agreementRoute(agreement.id)}`, 'data-testid': 'open-agreement' },
      t('dispatch.openAgreement'),
    ),
  );
}

/** A one-year term from a start date: to the day before its anniversary, where a yearly report period ends. */
function oneYearFrom(start: string): string {
  return addDays(addMonthsClamped(start, 12), -1);
}

function draftForm(dispatch: Dispatch, reload: () => void): HTMLFormElement {
  const termStart = h('input', { type: 'date', required: true });
  const termEnd = h('input', { type: 'date', required: true });
  termStart.addEventListener('change', () => {
    if (!isCalendarDate(termStart.value)) return;
    termEnd.min = addDays(termStart.value, 1);
    // A term usually runs a year: offered, never imposed over a date already chosen.
    if (termEnd.value === '') termEnd.value = oneYearFrom(termStart.value);
  });

  const goalInputs = outcomeCategories.map((category) => ({
    category,
    input: h('input', {
      type: 'number',
      required: true,
      min: 0,
      max: maxOutcomeCount,
      step: 1,
      inputmode: 'numeric',
      value: 0,
      class: 'goal',
    }),
  }));

  const cadence = h(
    'select',
    { required: true, value: defaultCadence },
    ...cadences.map((value) => h('option', { value }, t(`cadence.${value}`))),
  );

  const errorSlot = formErrorSlot();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'submit-agreement' },
    t('agreementDraft.submit'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'agreement-form' },
    h('h3', {}, t('agreementDraft.heading')),
    h(
      'p',
      { class: 'muted' },
      t('agreementDraft.intro', {
        commissioner: dispatch.commissioner.name,
        institution: dispatch.commissioner.institution,
        enterprise: dispatch.enterprise.name,
      }),
    ),
    h(
      'div',
      { class: 'term-dates' },
      field({
        name: 'termStart',
        id: 'agreement-term-start',
        label: t('agreementDraft.termStart'),
        control: termStart,
      }),
      field({
        name: 'termEnd',
        id: 'agreement-term-end',
        label: t('agreementDraft.termEnd'),
        control: termEnd,
        hint: t('agreementDraft.termEndHint'),
      }),
    ),
    h(
      'div',
      { class: 'goals' },
      fieldGroup({
        name: 'goals',
        id: 'agreement-goals',
        legend: t('agreementDraft.goals'),
        controls: [
          h('p', { class: 'hint goals-hint' }, t('agreementDraft.goalsHint')),
          ...goalInputs.map(({ category, input }) =>
            field({
              name: `goals.${category}`,
              id: `agreement-goal-${category}`,
              label: t(`outcome.${category}`),
              control: input,
            }),
          ),
        ],
      }),
    ),
    field({
      name: 'cadence',
      id: 'agreement-cadence',
      label: t('agreementDraft.cadence'),
      control: cadence,
      hint: t('agreementDraft.cadenceHint'),
    }),
    errorSlot,
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const goals = Object.fromEntries(
      goalInputs.map(({ category, input }) => [category, Number(input.value)]),
    ) as OutcomeCounts;
    const draft: AgreementDraft = {
      dispatchId: dispatch.id,
      termStart: termStart.value,
      termEnd: termEnd.value,
      goals,
      cadence: isOneOf(cadences, cadence.value) ? cadence.value : defaultCadence,
    };
    submitButton.disabled = true;
    try {
      const { agreement } = await api.draftAgreement(draft);
      flash('success', t('agreementDraft.drafted'));
      location.hash = `#${agreementRoute(agreement.id)}`;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Conflict') {
        await showConflict(dispatch, error, errorSlot, reload);
      } else {
        showSubmitError(form, error);
      }
    } finally {
      submitButton.disabled = false;
    }
  });
  return form;
}

/**
 * A 409: either the agreement was drafted meanwhile (a second click, another admin), which is then the page
 * to be on, or the dispatch is no longer one an agreement can be drafted for.
 */
async function showConflict(
  dispatch: Dispatch,
  error: ApiError,
  errorSlot: HTMLElement,
  reload: () => void,
): Promise<void> {
  const existing = await api.getAgreement(dispatch.id).then(
    ({ agreement }) => agreement,
    () => undefined,
  );
  if (existing) {
    flash('info', t('agreementDraft.alreadyDrafted'));
    location.hash = `#${agreementRoute(existing.id)}`;
    return;
  }
  errorSlot.append(refusalWithRefresh(t('agreementDraft.conflict', { detail: error.message }), reload));
}
