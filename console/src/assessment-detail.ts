import { ratingCommentLength } from '#shared/limits.ts';
import { ApiError, api } from './api.ts';
import { type Child, h, replaceContent } from './dom.ts';
import { formatDateTime, formatNumber, formatPercent } from './format.ts';
import { clearErrors, countedTextarea, field, fieldGroup, formErrorSlot, showSubmitError } from './forms.ts';
import { auditTable } from './history.ts';
import { labelOf, t } from './i18n.ts';
import { agreementRoute, assessmentsRoute, reportRoute, rubricRoute } from './links.ts';
import type { Assessment, Task } from './model.ts';
import type { PageContext } from './page.ts';
import { rubricTables } from './rubric.ts';
import type { Session } from './session.ts';
import { recordDecisions } from './tasks.ts';
import {
  errorNotice,
  flash,
  gradeBadge,
  link,
  loadingNotice,
  notice,
  refreshButton,
  refusalWithRefresh,
  stateBadge,
  untilRecorded,
} from './ui.ts';

const ratingScores = [1, 2, 3, 4, 5] as const;

export async function renderAssessmentDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const id = params[0] ?? '';
  root.append(loadingNotice());
  let assessment: Assessment;
  try {
    ({ assessment } = await api.getAssessment(id));
  } catch (error) {
    replaceContent(
      root,
      h('p', { class: 'breadcrumb' }, link(assessmentsRoute(), t('assessment.backToAssessments'))),
      errorNotice(error),
    );
    return;
  }
  const { commissioner, institution, enterprise, year } = assessment;
  replaceContent(
    root,
    h('p', { class: 'breadcrumb' }, link(assessmentsRoute(year), t('assessment.back', { year }))),
    h(
      'div',
      { class: 'page-heading' },
      h(
        'h1',
        {},
        t('assessment.title', { year, commissioner: commissioner.name, enterprise: enterprise.name }),
      ),
      stateBadge(assessment.state),
      h('div', { class: 'actions' }, refreshButton(reload)),
    ),
    h(
      'dl',
      { class: 'summary' },
      h('dt', {}, t('assessment.agreement')),
      h('dd', {}, link(agreementRoute(assessment.agreementId), t('assessment.openAgreement'))),
      h('dt', {}, t('assessment.openedAt')),
      h('dd', {}, formatDateTime(assessment.createdAt)),
      h('dt', {}, t('assessment.updatedAt')),
      h('dd', {}, formatDateTime(assessment.updatedAt)),
    ),
    assessment.failure
      ? notice(
          'error',
          t('assessment.failure', {
            state: labelOf('state', assessment.failure.state),
            error: assessment.failure.error,
            cause: assessment.failure.cause,
          }),
        )
      : null,
    stateNotice(assessment, session),
    recordDecisions({
      subject: { type: 'assessment', id: assessment.id },
      heading: t('assessment.decisions'),
      testIdPrefix: 'assessment',
      reload,
      decided: () =>
        api.getAssessment(assessment.id).then((read) => read.assessment.state !== assessment.state),
      guidance: (task) => gradingGuidance(task, assessment),
    }),
    session.role === 'enterprise' && assessment.state === 'awaiting_rating'
      ? ratingForm(assessment, reload)
      : null,
    h(
      'section',
      {},
      h('h2', {}, t('assessment.parties')),
      h(
        'dl',
        { class: 'details', 'data-testid': 'assessment-parties' },
        h('dt', {}, t('agreement.party.commissioner')),
        h('dd', {}, commissioner.name, h('div', { class: 'muted' }, commissioner.email)),
        h('dt', {}, t('agreement.party.institution')),
        h('dd', {}, institution.name, h('div', { class: 'muted' }, institution.email)),
        h('dt', {}, t('agreement.party.enterprise')),
        h('dd', {}, enterprise.name, h('div', { class: 'muted' }, enterprise.email)),
      ),
    ),
    h('section', {}, h('h2', {}, t('assessment.rating')), ratingDetails(assessment)),
    h('section', {}, h('h2', {}, t('assessment.score')), scoreDetails(assessment)),
    h('section', {}, h('h2', {}, t('assessment.grade')), gradeDetails(assessment)),
    // Only the bureau's answer carries the audit trail.
    assessment.audit
      ? h('section', {}, h('h2', {}, t('assessment.audit')), auditTable(assessment.audit, 'assessmentAction'))
      : null,
  );
}

/** Where the assessment stands and what, if anything, the reader is to do about it. */
function stateNotice(assessment: Assessment, session: Session): HTMLElement | null {
  const { score, grade } = assessment;
  switch (assessment.state) {
    case 'awaiting_rating':
      return session.role === 'enterprise'
        ? notice('info', t('assessment.notice.rateYours', { year: assessment.year }))
        : notice('info', t('assessment.notice.awaitingRating'));
    case 'rated':
    case 'rating_lapsed':
      return notice('info', t('assessment.notice.scoring'));
    case 'scored':
      return notice(
        'info',
        score
          ? t(session.role === 'admin' ? 'assessment.notice.gradeYours' : 'assessment.notice.awaitingGrade', {
              total: formatNumber(score.total),
              grade: labelOf('grade', score.suggestedGrade),
            })
          : t('assessment.notice.awaitingGrade'),
      );
    case 'graded':
      if (grade?.grade === 'incompetent') {
        return notice(
          'error',
          t('assessment.notice.incompetent', { reason: grade.reason ?? '—' }),
          ' ',
          link(agreementRoute(assessment.agreementId), t('assessment.openAgreement')),
        );
      }
      return notice(
        'success',
        t('assessment.notice.graded', { grade: labelOf('grade', grade?.grade ?? '') }),
      );
    default:
      return null;
  }
}

/** What the bureau grades on: the rubric's suggestion, which the grade may differ from. */
function gradingGuidance(task: Task, assessment: Assessment): Child {
  if (task.kind !== 'grade-commissioner' || !assessment.score) return null;
  return h(
    'p',
    { class: 'muted', 'data-testid': 'grading-guidance' },
    t('assessment.gradingGuidance', {
      total: formatNumber(assessment.score.total),
      grade: labelOf('grade', assessment.score.suggestedGrade),
    }),
  );
}

function stars(score: number): string {
  return '★'.repeat(score) + '☆'.repeat(5 - score);
}

/** The enterprise's 1–5 rating of its commissioner's year, with an optional comment. */
function ratingForm(assessment: Assessment, reload: () => void): HTMLFormElement {
  const choices = ratingScores.map((score) => ({
    score,
    input: h('input', {
      type: 'radio',
      name: 'score',
      value: score,
      id: `rating-score-${score}`,
      required: true,
    }),
  }));
  const { textarea: comment, counter } = countedTextarea({
    minLength: ratingCommentLength.min,
    maxLength: ratingCommentLength.max,
    required: false,
  });
  comment.rows = 4;
  const errorSlot = formErrorSlot();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'submit-rating' },
    t('assessment.submitRating'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'rating-form' },
    h('h2', {}, t('assessment.rateHeading')),
    h(
      'p',
      { class: 'muted' },
      t('assessment.rateIntro', { commissioner: assessment.commissioner.name, year: assessment.year }),
    ),
    fieldGroup({
      name: 'score',
      id: 'rating-score',
      legend: t('assessment.ratingScore'),
      controls: choices.map(({ score, input }) =>
        h(
          'label',
          { class: 'choice', for: input.id },
          input,
          h('span', { class: 'stars', 'aria-hidden': 'true' }, stars(score)),
          t(`rating.${score}`),
        ),
      ),
    }),
    field({
      name: 'comment',
      id: 'rating-comment',
      label: t('assessment.ratingComment'),
      control: comment,
      hint: h('span', {}, t('assessment.ratingCommentHint'), ' ', counter),
    }),
    errorSlot,
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const chosen = choices.find(({ input }) => input.checked);
    submitButton.disabled = true;
    try {
      await api.rateCommissioner(assessment.id, {
        // The browser insists on a choice; without one, 0 is sent and the server names the field.
        score: chosen?.score ?? 0,
        comment: comment.value.trim(),
      });
      const recorded = await untilRecorded(
        () => api.getAssessment(assessment.id),
        (read) => read.assessment.rating !== undefined,
      );
      flash(recorded ? 'success' : 'info', t(recorded ? 'assessment.rated' : 'assessment.ratedRecording'));
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Conflict') {
        errorSlot.append(refusalWithRefresh(t('assessment.ratingClosed', { detail: error.message }), reload));
      } else {
        showSubmitError(form, error);
      }
      submitButton.disabled = false;
    }
  });
  return form;
}

function ratingDetails(assessment: Assessment): HTMLElement {
  const { rating } = assessment;
  if (!rating) {
    // Scored without a rating: the enterprise let the time to rate pass.
    const lapsed = assessment.state === 'rating_lapsed' || assessment.score !== undefined;
    return h('p', { class: 'muted' }, t(lapsed ? 'assessment.ratingLapsed' : 'assessment.notRated'));
  }
  return h(
    'dl',
    { class: 'details', 'data-testid': 'rating' },
    h('dt', {}, t('assessment.ratingScore')),
    h(
      'dd',
      { 'data-testid': 'rating-score', 'data-score': rating.score },
      h('span', { class: 'stars', 'aria-hidden': 'true' }, stars(rating.score)),
      ' ',
      t('assessment.ratingOutOf', { score: rating.score }),
    ),
    h('dt', {}, t('assessment.ratingComment')),
    h('dd', { class: 'prose', 'data-testid': 'rating-comment' }, rating.comment || '—'),
    h('dt', {}, t('assessment.ratedBy')),
    h('dd', {}, rating.by.email, h('div', { class: 'muted' }, formatDateTime(rating.at))),
  );
}

/** A report's period number, from its id `<agreementId>.period-<index>`. */
function periodIndex(reportId: string): string {
  return /\.period-(\d+)$/.exec(reportId)?.[1] ?? reportId;
}

/** The score with every term of its sum, so that it explains itself, and the rubric it was computed by. */
function scoreDetails(assessment: Assessment): HTMLElement {
  const { score } = assessment;
  if (!score) return h('p', { class: 'muted' }, t('assessment.notScored'));
  const { rubric } = score;
  const { excellent, good, competent } = rubric.gradeThresholds;
  return h(
    'div',
    { 'data-testid': 'score' },
    h(
      'p',
      { class: 'muted' },
      t('assessment.scoreIntro', { year: assessment.year }),
      ' ',
      link(rubricRoute, t('assessment.publishedRubric')),
    ),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'score-table', 'data-testid': 'score-outcomes' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('agreement.category')),
            h('th', { class: 'numeric' }, t('assessment.accepted')),
            h('th', { class: 'numeric' }, t('agreement.goal')),
            h('th', { class: 'numeric' }, t('assessment.goalMet')),
            h('th', { class: 'numeric' }, t('assessment.pointsEach')),
            h('th', { class: 'numeric' }, t('assessment.points')),
          ),
        ),
        h(
          'tbody',
          {},
          ...score.outcomes.map((outcome) =>
            h(
              'tr',
              { 'data-category': outcome.category },
              h('th', { scope: 'row' }, t(`outcome.${outcome.category}`)),
              h('td', { class: 'numeric', 'data-column': 'accepted' }, outcome.accepted),
              h('td', { class: 'numeric', 'data-column': 'goal' }, outcome.goal),
              h(
                'td',
                { class: 'numeric', 'data-column': 'goalMet' },
                // Each goal counts pro rata, capped at fully met; a category without a goal counts none.
                outcome.goal > 0 ? formatPercent(Math.min(outcome.accepted / outcome.goal, 1)) : '—',
              ),
              h(
                'td',
                { class: 'numeric', 'data-column': 'pointsEach' },
                formatNumber(rubric.pointsPerOutcome[outcome.category]),
              ),
              h('td', { class: 'numeric', 'data-column': 'points' }, formatNumber(outcome.points)),
            ),
          ),
        ),
        h(
          'tfoot',
          {},
          h(
            'tr',
            { 'data-category': 'all' },
            h('th', { scope: 'row', colspan: 5 }, t('assessment.outcomePoints')),
            h('td', { class: 'numeric', 'data-column': 'points' }, formatNumber(score.outcomePoints)),
          ),
        ),
      ),
    ),
    h(
      'table',
      { class: 'score-table score-terms', 'data-testid': 'score-terms' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('assessment.term')),
          h('th', {}, t('assessment.calculation')),
          h('th', { class: 'numeric' }, t('assessment.points')),
        ),
      ),
      h(
        'tbody',
        {},
        termRow(
          'outcomes',
          t('assessment.outcomesTerm'),
          t('assessment.outcomesCalculation'),
          score.outcomePoints,
        ),
        termRow(
          'goals',
          t('assessment.goalsTerm'),
          t('assessment.goalsCalculation', {
            attainment: formatPercent(score.goalAttainment),
            points: formatNumber(rubric.goalPoints),
          }),
          score.goalPoints,
        ),
        termRow(
          'rating',
          t('assessment.ratingTerm'),
          score.rating === undefined
            ? t('assessment.noRatingCalculation')
            : t('assessment.ratingCalculation', {
                score: score.rating,
                points: formatNumber(rubric.pointsPerRatingStar),
              }),
          score.ratingPoints,
        ),
      ),
      h('tfoot', {}, termRow('total', t('assessment.total'), t('assessment.totalCalculation'), score.total)),
    ),
    h(
      'p',
      {},
      t('assessment.suggestedGradeIs'),
      ' ',
      h('span', { 'data-testid': 'suggested-grade' }, gradeBadge(score.suggestedGrade)),
      ' ',
      h(
        'span',
        { class: 'muted' },
        t('rubric.thresholdsText', {
          excellent: formatNumber(excellent),
          good: formatNumber(good),
          competent: formatNumber(competent),
        }),
      ),
    ),
    h(
      'p',
      { 'data-testid': 'counted-reports' },
      t('assessment.countedReports', { year: assessment.year }),
      ' ',
      ...(score.reports.length === 0
        ? [t('assessment.noCountedReports')]
        : score.reports.flatMap((reportId, index) => [
            index === 0 ? '' : t('list.separator'),
            link(reportRoute(reportId), t('agreement.openPeriodReport', { index: periodIndex(reportId) })),
          ])),
    ),
    h(
      'details',
      { class: 'rubric-used' },
      h('summary', {}, t('assessment.rubricUsed')),
      rubricTables(rubric),
    ),
  );
}

function termRow(term: string, label: string, calculation: string, points: number): HTMLElement {
  return h(
    'tr',
    { 'data-term': term },
    h('th', { scope: 'row' }, label),
    h('td', {}, calculation),
    h('td', { class: 'numeric', 'data-column': 'points' }, formatNumber(points)),
  );
}

function gradeDetails(assessment: Assessment): HTMLElement {
  const { grade } = assessment;
  if (!grade) return h('p', { class: 'muted' }, t('assessment.notGraded'));
  return h(
    'dl',
    { class: 'details', 'data-testid': 'grade-details' },
    h('dt', {}, t('assessment.grade')),
    h('dd', {}, gradeBadge(grade.grade)),
    ...(grade.reason
      ? [
          h('dt', {}, t('audit.reason')),
          h('dd', { class: 'prose', 'data-testid': 'grade-reason' }, grade.reason),
        ]
      : []),
    h('dt', {}, t('assessment.gradedBy')),
    h('dd', {}, grade.by.email, h('div', { class: 'muted' }, formatDateTime(grade.at))),
  );
}
