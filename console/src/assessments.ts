import { chinaYear, yearsSpanned } from '#shared/chinaTime.ts';
import { ApiError, api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatNumber } from './format.ts';
import { formErrorSlot, showSubmitError } from './forms.ts';
import { labelOf, t } from './i18n.ts';
import { assessmentRoute, assessmentsRoute, rubricRoute } from './links.ts';
import type { Agreement, AssessmentOpening, AssessmentPage, AssessmentSummary } from './model.ts';
import type { PageContext } from './page.ts';
import {
  errorNotice,
  flash,
  gradeBadge,
  link,
  loadingNotice,
  pageHeading,
  refreshButton,
  stateBadge,
} from './ui.ts';

/** A year's assessments (`#/assessments/2027`; without a year, the current one): the bureau's all, a party's its own. */
export async function renderAssessments({ root, params, session, reload }: PageContext): Promise<void> {
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t(session.role === 'admin' ? 'assessments.heading' : 'assessments.myHeading'),
      h('a', { class: 'button', href: `#${rubricRoute}` }, t('assessments.rubric')),
      refreshButton(reload),
    ),
    h('p', { class: 'lead' }, t('assessments.intro')),
    content,
  );
  try {
    const { items: agreements } = await api.listAgreements({}, 200);
    const years = yearsInForce(agreements);
    const year = params[0] ?? defaultYear(years);
    const [first, opening] = await Promise.all([
      api.listAssessments(year),
      session.role === 'admin' ? openingOf(year) : undefined,
    ]);
    replaceContent(
      content,
      yearSelect(years.includes(year) ? years : [...years, year].sort(), year),
      session.role === 'admin' ? openYearPanel(year, opening, reload) : null,
      first.items.length === 0 && first.nextCursor === undefined
        ? h('p', { class: 'empty' }, t('assessments.empty', { year }))
        : pagedAssessments(year, first),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

/** The years the reader's agreements were in force, as the server opens assessments for them. */
function yearsInForce(agreements: readonly Agreement[]): string[] {
  const years = new Set<string>();
  for (const { state, terms } of agreements) {
    if (state !== 'active' && state !== 'terminated') continue;
    for (const year of yearsSpanned(terms.termStart, terms.termEnd)) years.add(year);
  }
  return [...years].sort();
}

/** This year when it is one of them, else the latest before it, else the first; this year when there are none. */
function defaultYear(years: readonly string[]): string {
  const thisYear = chinaYear(new Date());
  return years.includes(thisYear)
    ? thisYear
    : (years.findLast((year) => year < thisYear) ?? years[0] ?? thisYear);
}

function yearSelect(years: readonly string[], chosen: string): HTMLElement {
  const select = h(
    'select',
    {
      id: 'assessments-year',
      'data-testid': 'assessments-year',
      value: chosen,
      onchange: () => {
        location.hash = `#${assessmentsRoute(select.value)}`;
      },
    },
    ...[...years].reverse().map((value) => h('option', { value }, value)),
  );
  return h(
    'div',
    { class: 'inline-controls' },
    h('label', { for: 'assessments-year' }, t('assessments.year')),
    select,
  );
}

/** The year's opening, or none before the bureau opened it. */
async function openingOf(year: string): Promise<AssessmentOpening | undefined> {
  try {
    return (await api.getAssessmentOpening(year)).opening;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NotFound') return undefined;
    throw error;
  }
}

/**
 * The bureau opens the year once: a workflow opens one assessment per agreement in force.
 * While it runs the panel shows how far it has come and reads again until it is done;
 * after a failure the bureau resumes it where it stopped.
 */
function openYearPanel(
  year: string,
  opening: AssessmentOpening | undefined,
  reload: () => void,
): HTMLElement {
  const panel = h('div', { class: 'panel', 'data-testid': 'open-assessments-panel' });
  if (opening?.state === 'opening') {
    panel.append(progressLine(opening));
    void followOpening(panel, year, reload);
    return panel;
  }
  if (opening?.state === 'opened') {
    panel.append(
      h(
        'p',
        { class: 'muted', 'data-testid': 'opening-progress', 'data-state': opening.state },
        t('assessments.openedOnce', { year, count: opening.opened }),
      ),
    );
    return panel;
  }
  const errorSlot = formErrorSlot();
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'open-assessments' },
    t(opening?.state === 'failed' ? 'assessments.resumeOpening' : 'assessments.open', { year }),
  );
  panel.append(
    opening?.state === 'failed'
      ? h(
          'p',
          { 'data-testid': 'opening-progress', 'data-state': opening.state },
          t('assessments.openingFailed', {
            year,
            count: opening.opened,
            reason: opening.failure?.cause || opening.failure?.error || '',
          }),
        )
      : h('p', { class: 'muted' }, t('assessments.openIntroOnce', { year })),
    errorSlot,
    button,
  );
  button.addEventListener('click', async () => {
    replaceContent(errorSlot);
    button.disabled = true;
    try {
      const { opening: started } = await api.openAssessments(year);
      replaceContent(panel, progressLine(started));
      void followOpening(panel, year, reload);
    } catch (error) {
      showSubmitError(panel, error);
      button.disabled = false;
    }
  });
  return panel;
}

function progressLine(opening: AssessmentOpening): HTMLElement {
  return h(
    'p',
    { 'data-testid': 'opening-progress', 'data-state': opening.state },
    t('assessments.openingProgress', {
      year: opening.year,
      pages: opening.pagesDone,
      count: opening.opened,
    }),
  );
}

/** Reads the opening every second while the panel is shown; once it ends, says so and reloads. */
async function followOpening(panel: HTMLElement, year: string, reload: () => void): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (!panel.isConnected) return;
    const opening = await openingOf(year).catch(() => undefined);
    if (!opening || !panel.isConnected) continue;
    if (opening.state === 'opening') {
      replaceContent(panel, progressLine(opening));
      continue;
    }
    if (opening.state === 'opened')
      flash('success', t('assessments.opened', { year, count: opening.opened }));
    reload();
    return;
  }
}

/**
 * The year's assessments a page at a time, in agreement order: a year can hold thousands,
 * so each "more" reads the next page and adds its rows, until the server says none remain.
 */
function pagedAssessments(year: string, first: AssessmentPage): HTMLElement {
  const body = h('tbody', {}, ...first.items.map(assessmentRow));
  const shown = h('span', { class: 'muted', 'data-testid': 'assessments-shown' });
  const errorSlot = h('div', {});
  const more = h('button', { type: 'button', 'data-testid': 'more-assessments' }, t('assessments.more'));
  let cursor = first.nextCursor;
  const update = () => {
    shown.textContent = t('assessments.shown', { count: body.childElementCount });
    more.hidden = cursor === undefined;
  };
  more.addEventListener('click', async () => {
    if (cursor === undefined) return;
    more.disabled = true;
    replaceContent(errorSlot);
    try {
      const page = await api.listAssessments(year, cursor);
      body.append(...page.items.map(assessmentRow));
      cursor = page.nextCursor;
    } catch (error) {
      replaceContent(errorSlot, errorNotice(error));
    }
    more.disabled = false;
    update();
  });
  update();
  return h('div', {}, assessmentsTable(body), h('div', { class: 'inline-controls' }, shown, more), errorSlot);
}

function assessmentsTable(body: HTMLElement): HTMLElement {
  return h(
    'table',
    { 'data-testid': 'assessments' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('agreement.party.commissioner')),
        h('th', {}, t('agreement.party.institution')),
        h('th', {}, t('agreement.party.enterprise')),
        h('th', {}, t('assessments.state')),
        h('th', { class: 'numeric' }, t('assessment.rating')),
        h('th', { class: 'numeric' }, t('assessment.total')),
        h('th', {}, t('assessment.suggestedGrade')),
        h('th', {}, t('assessment.grade')),
      ),
    ),
    body,
  );
}

function assessmentRow(assessment: AssessmentSummary): HTMLElement {
  return h(
    'tr',
    { 'data-testid': 'assessment', 'data-assessment-id': assessment.id },
    h('td', {}, link(assessmentRoute(assessment.id), assessment.commissioner.name)),
    h('td', {}, assessment.institution.name),
    h('td', {}, assessment.enterprise.name),
    h('td', {}, stateBadge(assessment.state)),
    h(
      'td',
      { class: 'numeric', 'data-column': 'rating' },
      assessment.rating ? t('assessment.ratingOutOf', { score: assessment.rating.score }) : '—',
    ),
    h(
      'td',
      { class: 'numeric', 'data-column': 'total' },
      assessment.score ? formatNumber(assessment.score.total) : '—',
    ),
    h(
      'td',
      { 'data-column': 'suggestedGrade' },
      assessment.score ? labelOf('grade', assessment.score.suggestedGrade) : '—',
    ),
    h('td', { 'data-column': 'grade' }, assessment.grade ? gradeBadge(assessment.grade.grade) : '—'),
  );
}
