import { maxRubricPoints } from '#shared/limits.ts';
import { api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatNumber } from './format.ts';
import { clearErrors, field, fieldGroup, formErrorSlot, showSubmitError } from './forms.ts';
import { t } from './i18n.ts';
import { outcomeCategories, type Rubric } from './model.ts';
import type { PageContext } from './page.ts';
import { errorNotice, flash, loadingNotice, pageHeading, refreshButton } from './ui.ts';

/** The grades with a lowest score, best first; below the last, the rubric suggests incompetent. */
const thresholdGrades = [
  'excellent',
  'good',
  'competent',
] as const satisfies readonly (keyof Rubric['gradeThresholds'])[];

/** The published scoring rubric: everyone signed in reads it; the bureau sets it. */
export async function renderRubric({ root, session, reload }: PageContext): Promise<void> {
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(t('rubric.heading'), refreshButton(reload)),
    h('p', { class: 'lead' }, t('rubric.intro')),
    content,
  );
  try {
    const { rubric, version } = await api.getRubric();
    replaceContent(
      content,
      h(
        'p',
        { class: 'muted', 'data-testid': 'rubric-version' },
        version === 0 ? t('rubric.defaultVersion') : t('rubric.version', { version }),
      ),
      session.role === 'admin' ? rubricForm(rubric, version, reload) : rubricTables(rubric),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

/** The rubric as it reads: points per outcome, for the goals and per rating star, and the grades' thresholds. */
export function rubricTables(rubric: Rubric): HTMLElement {
  const { excellent, good, competent } = rubric.gradeThresholds;
  return h(
    'div',
    { 'data-testid': 'rubric' },
    h(
      'table',
      { class: 'goals-table', 'data-testid': 'rubric-outcomes' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('agreement.category')),
          h('th', { class: 'numeric' }, t('rubric.pointsPerOutcome')),
        ),
      ),
      h(
        'tbody',
        {},
        ...outcomeCategories.map((category) =>
          h(
            'tr',
            { 'data-category': category },
            h('th', { scope: 'row' }, t(`outcome.${category}`)),
            h('td', { class: 'numeric' }, formatNumber(rubric.pointsPerOutcome[category])),
          ),
        ),
      ),
    ),
    h(
      'dl',
      { class: 'details', 'data-testid': 'rubric-terms' },
      h('dt', {}, t('rubric.goalPoints')),
      h('dd', { 'data-term': 'goalPoints' }, formatNumber(rubric.goalPoints)),
      h('dt', {}, t('rubric.pointsPerRatingStar')),
      h('dd', { 'data-term': 'pointsPerRatingStar' }, formatNumber(rubric.pointsPerRatingStar)),
      h('dt', {}, t('rubric.gradeThresholds')),
      h(
        'dd',
        { 'data-term': 'gradeThresholds' },
        t('rubric.thresholdsText', {
          excellent: formatNumber(excellent),
          good: formatNumber(good),
          competent: formatNumber(competent),
        }),
      ),
    ),
  );
}

/** A number of points, typed in: hundredths at most, as the server takes them. */
function pointsInput(value: number): HTMLInputElement {
  return h('input', {
    type: 'number',
    required: true,
    min: 0,
    max: maxRubricPoints,
    step: 0.01,
    inputmode: 'decimal',
    value,
    class: 'goal',
  });
}

/** The bureau's form, filled in with the rubric in force; scores already computed keep the rubric they used. */
function rubricForm(rubric: Rubric, baseVersion: number, reload: () => void): HTMLFormElement {
  const outcomeInputs = outcomeCategories.map((category) => ({
    category,
    input: pointsInput(rubric.pointsPerOutcome[category]),
  }));
  const goalPoints = pointsInput(rubric.goalPoints);
  const pointsPerRatingStar = pointsInput(rubric.pointsPerRatingStar);
  const thresholds = {
    excellent: pointsInput(rubric.gradeThresholds.excellent),
    good: pointsInput(rubric.gradeThresholds.good),
    competent: pointsInput(rubric.gradeThresholds.competent),
  } satisfies Record<(typeof thresholdGrades)[number], HTMLInputElement>;
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'save-rubric' },
    t('rubric.save'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'rubric-form' },
    h('h2', {}, t('rubric.editHeading')),
    h('p', { class: 'muted' }, t('rubric.editIntro')),
    h(
      'div',
      { class: 'goals' },
      fieldGroup({
        name: 'pointsPerOutcome',
        id: 'rubric-outcomes',
        legend: t('rubric.pointsPerOutcome'),
        controls: outcomeInputs.map(({ category, input }) =>
          field({
            name: `pointsPerOutcome.${category}`,
            id: `rubric-outcome-${category}`,
            label: t(`outcome.${category}`),
            control: input,
          }),
        ),
      }),
    ),
    field({
      name: 'goalPoints',
      id: 'rubric-goal-points',
      label: t('rubric.goalPoints'),
      control: goalPoints,
      hint: t('rubric.goalPointsHint'),
    }),
    field({
      name: 'pointsPerRatingStar',
      id: 'rubric-rating-points',
      label: t('rubric.pointsPerRatingStar'),
      control: pointsPerRatingStar,
      hint: t('rubric.pointsPerRatingStarHint'),
    }),
    h(
      'div',
      { class: 'goals' },
      fieldGroup({
        name: 'gradeThresholds',
        id: 'rubric-thresholds',
        legend: t('rubric.gradeThresholds'),
        controls: [
          h('p', { class: 'hint goals-hint' }, t('rubric.gradeThresholdsHint')),
          ...thresholdGrades.map((grade) =>
            field({
              name: `gradeThresholds.${grade}`,
              id: `rubric-threshold-${grade}`,
              label: t(`grade.${grade}`),
              control: thresholds[grade],
            }),
          ),
        ],
      }),
    ),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const next: Rubric = {
      pointsPerOutcome: Object.fromEntries(
        outcomeInputs.map(({ category, input }) => [category, Number(input.value)]),
      ) as Rubric['pointsPerOutcome'],
      goalPoints: Number(goalPoints.value),
      pointsPerRatingStar: Number(pointsPerRatingStar.value),
      gradeThresholds: {
        excellent: Number(thresholds.excellent.value),
        good: Number(thresholds.good.value),
        competent: Number(thresholds.competent.value),
      },
    };
    submitButton.disabled = true;
    try {
      const { version } = await api.setRubric(next, baseVersion);
      flash('success', t('rubric.saved', { version }));
      reload();
    } catch (error) {
      showSubmitError(form, error);
      submitButton.disabled = false;
    }
  });
  return form;
}
