import { agreementTable } from '#shared/agreement/agreementTable.ts';
import { agreementStepRules } from '#shared/agreement/agreementWorkflow.ts';
import { assessmentTable } from '#shared/assessment/assessmentTable.ts';
import { assessmentTaskView } from '#shared/assessment/assessmentTasks.ts';
import type { Assessment } from '#shared/assessment/model.ts';
import { type Grade, grades, scoreCommissioner } from '#shared/assessment/rubric.ts';
import { currentRubric } from '#shared/assessment/rubricService.ts';
import { ratingSchema } from '#shared/assessment/schema.ts';
import {
  type AssessmentAction,
  type AssessmentActor,
  type AssessmentState,
  assessmentTransitions,
} from '#shared/assessment/states.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { ConflictError, noSuchRecord } from '#shared/errors.ts';
import { recordStep } from '#shared/records/recordStep.ts';
import { applyStep, type StepInput, type StepRules, systemActor } from '#shared/records/stagedRecord.ts';
import { closePeriodsOfEndedAgreement } from '#shared/report/endWithAgreement.ts';
import { acceptedTotals } from '#shared/report/progress.ts';
import { withdrawScheduledReports } from '#shared/report/reportPeriods.ts';
import { listReportsOfAgreement } from '#shared/report/reportTable.ts';
import { parseInput } from '#shared/validation.ts';

const assessmentStepRules: StepRules<AssessmentState, AssessmentAction, AssessmentActor> = {
  transitions: assessmentTransitions,
  noun: 'an assessment',
  actorKind: (actor) => (actor.role === 'admin' || actor.role === 'enterprise' ? actor.role : 'system'),
};

async function loadAssessment(id: string): Promise<Assessment> {
  const assessment = await assessmentTable.get(id);
  if (!assessment) throw noSuchRecord('assessment', id);
  return assessment;
}

export interface RecordAssessmentStepInput extends StepInput<AssessmentAction | Grade> {
  readonly assessmentId: string;
}

/** The grading task answers with the grade itself; the transition is `grade`. */
const gradeOf = (input: RecordAssessmentStepInput): Grade | undefined =>
  (grades as readonly string[]).includes(input.action) ? (input.action as Grade) : undefined;

/** Applies one transition: a rating or a grade is kept with who gave it and when. */
export const recordAssessmentStep = recordStep<Assessment, RecordAssessmentStepInput>({
  table: assessmentTable,
  rules: assessmentStepRules,
  id: (input) => input.assessmentId,
  step: (input) => ({ ...input, action: gradeOf(input) ? 'grade' : (input.action as AssessmentAction) }),
  enrich: (next, input) => {
    const by = next.recentAudit.at(-1)?.actor ?? systemActor;
    const grade = gradeOf(input);
    if (input.action === 'rate') {
      const rating = parseInput(ratingSchema, input.outcome?.payload);
      return { ...next, rating: { ...rating, by, at: next.updatedAt } };
    }
    if (grade) {
      const reason = input.outcome?.reason;
      return { ...next, grade: { grade, by, at: next.updatedAt, ...(reason ? { reason } : {}) } };
    }
    return next;
  },
});

/**
 * Scores the year by the rubric in force: the accepted reports of the agreement whose
 * period ended in the year, against its goals, and the enterprise's rating.
 */
export async function scoreAssessment(input: {
  assessmentId: string;
  eventId: string;
}): Promise<{ total: number }> {
  const assessment = await loadAssessment(input.assessmentId);
  // Scored already (a retried step): the first score stands.
  if (assessment.score) return { total: assessment.score.total };
  const agreement = await agreementTable.get(assessment.agreementId);
  if (!agreement) throw noSuchRecord('agreement', assessment.agreementId);
  const counted = (await listReportsOfAgreement(agreement.id)).filter(
    (report) => report.state === 'accepted' && report.end.startsWith(assessment.year),
  );
  const { rubric } = await currentRubric();
  const breakdown = scoreCommissioner(
    rubric,
    acceptedTotals(counted),
    agreement.terms.goals,
    assessment.rating?.score,
  );
  const next = applyStep(assessment, { action: 'score', eventId: input.eventId }, assessmentStepRules);
  if (!next) return { total: breakdown.total };
  await assessmentTable.replace({
    ...next,
    score: { ...breakdown, rubric, reports: counted.map((r) => r.id) },
  });
  return { total: breakdown.total };
}

/**
 * An incompetent grade ends the agreement early: the agreement is terminated with the
 * bureau's reason, the periods not yet open are withdrawn, those waiting for a report close
 * (their executions stopped), and the parties are told.
 */
export async function endAgreementEarly(input: {
  assessmentId: string;
  eventId: string;
}): Promise<{ ended: boolean }> {
  const assessment = await loadAssessment(input.assessmentId);
  if (assessment.grade?.grade !== 'incompetent') {
    throw new ConflictError(
      `The assessment is graded ${assessment.grade?.grade ?? 'not at all'}, not incompetent`,
    );
  }
  const agreement = await agreementTable.get(assessment.agreementId);
  if (!agreement) throw noSuchRecord('agreement', assessment.agreementId);
  // The bureau's own words; the `terminate` action and the assessment say what it was.
  const reason = assessment.grade.reason ?? '';
  const terminated = applyStep(
    agreement,
    { action: 'terminate', reason, eventId: input.eventId },
    agreementStepRules,
  );
  if (terminated) await agreementTable.replace(terminated);
  const reports = await listReportsOfAgreement(agreement.id);
  await withdrawScheduledReports(reports.filter((report) => report.state === 'scheduled'));
  await closePeriodsOfEndedAgreement({
    reports,
    reason: reason ? `The agreement ended early: ${reason}` : 'The agreement ended early',
    eventId: input.eventId,
  });
  const subject = assessmentTaskView('grade-commissioner', assessment);
  await sendEmailOnce({
    dedupeKey: `${input.eventId}:agreement-terminated`,
    to: [assessment.commissioner.email, assessment.institution.email, assessment.enterprise.email],
    template: 'agreement-terminated',
    params: {
      ...subject.emailParams,
      reason: assessment.grade.reason ?? '',
      link: consoleLink(`agreements/${encodeURIComponent(agreement.id)}`),
      deadline: '',
    },
  });
  return { ended: terminated !== undefined };
}
