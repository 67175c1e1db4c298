import { chinaYear } from '#shared/chinaTime.ts';
import { nomineeLimitRange } from '#shared/limits.ts';
import { ApiError, api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { clearErrors, field, formErrorSlot, showSubmitError } from './forms.ts';
import { t } from './i18n.ts';
import { commendationRoundRoute } from './links.ts';
import type { CommendationRound } from './model.ts';
import type { PageContext } from './page.ts';
import { errorNotice, flash, link, loadingNotice, pageHeading, refreshButton, stateBadge } from './ui.ts';

/** Commendation rounds, one a year: the bureau's all (and it opens them), a panel member's those they sit on. */
export async function renderCommendationRounds({ root, session, reload }: PageContext): Promise<void> {
  const admin = session.role === 'admin';
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(t(admin ? 'commendations.heading' : 'commendations.myHeading'), refreshButton(reload)),
    h('p', { class: 'lead' }, t(admin ? 'commendations.intro' : 'commendations.panelIntro')),
    content,
  );
  try {
    const { items } = await api.listCommendationRounds();
    const sorted = [...items].sort((a, b) => b.year.localeCompare(a.year));
    replaceContent(
      content,
      admin ? openRoundForm(sorted) : null,
      sorted.length === 0
        ? h('p', { class: 'empty' }, t(admin ? 'commendations.empty' : 'commendations.emptyPanel'))
        : roundsTable(sorted),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

/** The bureau opens a year's round with the most nominees it takes; a year whose assessments were graded only. */
function openRoundForm(rounds: readonly CommendationRound[]): HTMLFormElement {
  const year = h('input', {
    type: 'text',
    required: true,
    inputmode: 'numeric',
    maxlength: 4,
    autocomplete: 'off',
    value: chinaYear(new Date()),
  });
  const limit = h('input', {
    type: 'number',
    required: true,
    min: nomineeLimitRange.min,
    max: nomineeLimitRange.max,
    step: 1,
    inputmode: 'numeric',
  });
  const errorSlot = formErrorSlot();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'open-round' },
    t('commendations.open'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'open-round-form' },
    h('h2', {}, t('commendations.openHeading')),
    h('p', { class: 'muted' }, t('commendations.openIntro')),
    h(
      'div',
      { class: 'term-dates' },
      field({
        name: 'year',
        id: 'round-year',
        label: t('commendations.year'),
        control: year,
        hint: t('commendations.yearHint'),
      }),
      field({
        name: 'limit',
        id: 'round-limit',
        label: t('commendations.limit'),
        control: limit,
        hint: t('commendations.limitHint', { max: nomineeLimitRange.max }),
      }),
    ),
    errorSlot,
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const chosenYear = year.value.trim();
    submitButton.disabled = true;
    try {
      // A limit that is not a number goes as null, and the server names the field.
      const { round } = await api.openCommendationRound(chosenYear, limit.valueAsNumber);
      flash('success', t('commendations.opened', { year: round.year }));
      location.hash = `#${commendationRoundRoute(round.id)}`;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Conflict') {
        // The two reasons the server refuses, said in the reader's language.
        const existing = rounds.find((round) => round.year === chosenYear);
        errorSlot.append(
          existing
            ? h(
                'p',
                {},
                t('commendations.exists', { year: chosenYear }),
                ' ',
                link(commendationRoundRoute(existing.id), t('commendations.openExisting')),
              )
            : h('p', {}, t('commendations.noneGraded', { year: chosenYear })),
        );
      } else {
        showSubmitError(form, error);
      }
      submitButton.disabled = false;
    }
  });
  return form;
}

function roundsTable(rounds: readonly CommendationRound[]): HTMLElement {
  return h(
    'table',
    { 'data-testid': 'rounds' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('commendations.year')),
        h('th', {}, t('commendations.state')),
        h('th', { class: 'numeric' }, t('commendations.nominees')),
        h('th', { class: 'numeric' }, t('commendations.panel')),
        h('th', {}, t('commendations.updatedAt')),
      ),
    ),
    h(
      'tbody',
      {},
      ...rounds.map((round) =>
        h(
          'tr',
          { 'data-testid': 'round', 'data-round-id': round.id },
          h(
            'td',
            {},
            link(commendationRoundRoute(round.id), t('commendations.roundTitle', { year: round.year })),
          ),
          h('td', {}, stateBadge(round.state)),
          h(
            'td',
            { class: 'numeric', 'data-column': 'nominees' },
            t('commendations.ofLimit', { count: round.nominees.length, limit: round.limit }),
          ),
          h('td', { class: 'numeric', 'data-column': 'panel' }, round.panel.length),
          h('td', { class: 'nowrap' }, formatDateTime(round.updatedAt)),
        ),
      ),
    ),
  );
}
