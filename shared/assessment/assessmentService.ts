import { agreementIndexes } from '#shared/agreement/agreementIndexes.ts';
import { isAgreementParty } from '#shared/agreement/agreementService.ts';
import { agreementTable } from '#shared/agreement/agreementTable.ts';
import { assessmentIndexes, assessmentTable } from '#shared/assessment/assessmentTable.ts';
import { type Assessment, assessmentIdFor } from '#shared/assessment/model.ts';
import type { Rating } from '#shared/assessment/schema.ts';
import { now } from '#shared/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import { createAndStartWorkflow } from '#shared/records/startWorkflow.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { completeTask } from '#shared/tasks/taskService.ts';

const partiesOf = (assessment: Assessment) => ({
  commissioner: assessment.commissioner,
  institution: assessment.institution,
  enterprise: assessment.enterprise,
});

/**
 * The bureau opens a programme year's assessment: one per agreement that was active during
 * the year, each with its own workflow. Opening the same year again opens only what is new.
 */
export async function openAssessmentYear(caller: Caller, year: string): Promise<Assessment[]> {
  if (!hasRole(caller, 'admin')) throw new ForbiddenError('Only the bureau opens assessments');
  const agreements = (
    await agreementTable.queryAll(agreementIndexes.byUpdatedAt, 'entity', 'agreement')
  ).filter(
    (agreement) =>
      (agreement.state === 'active' || agreement.state === 'terminated') &&
      agreement.terms.termStart <= `${year}-12-31` &&
      agreement.terms.termEnd >= `${year}-01-01`,
  );
  if (agreements.length === 0) throw new ConflictError(`No agreement was in force in ${year}`);
  const at = now().toISOString();
  const actor = { sub: caller.sub, email: caller.email, role: 'admin' as const };
  for (const agreement of agreements) {
    const id = assessmentIdFor(year, agreement.id);
    const assessment: Assessment = {
      id,
      year,
      agreementId: agreement.id,
      commissioner: agreement.parties.commissioner,
      institution: agreement.parties.institution,
      enterprise: agreement.parties.enterprise,
      state: 'awaiting_rating',
      version: 1,
      audit: [{ at, actor, action: 'open', from: null, to: 'awaiting_rating', eventId: `${id}:open` }],
      createdAt: at,
      updatedAt: at,
    };
    await createAndStartWorkflow(assessmentTable, assessment, 'ASSESSMENT_WORKFLOW_ARN', {
      assessmentId: id,
    });
  }
  return assessmentTable.queryAll(assessmentIndexes.byYear, 'year', year);
}

function mayRead(caller: Caller, assessment: Assessment): boolean {
  return isAgreementParty(caller, partiesOf(assessment));
}

/** A year's assessments: the bureau sees all, each party its own. */
export async function listAssessmentsForCaller(caller: Caller, year: string): Promise<Assessment[]> {
  const all = await assessmentTable.queryAll(assessmentIndexes.byYear, 'year', year);
  return all.filter((assessment) => mayRead(caller, assessment));
}

export async function getAssessmentForCaller(caller: Caller, id: string): Promise<Assessment> {
  const assessment = await assessmentTable.get(id);
  if (!assessment) throw new NotFoundError(`No assessment ${id}`);
  if (!mayRead(caller, assessment)) throw new ForbiddenError('This assessment is not yours to see');
  return assessment;
}

/** The enterprise rates its commissioner; it completes the waiting rating step. */
export async function rateCommissioner(caller: Caller, id: string, rating: Rating): Promise<Assessment> {
  const assessment = await assessmentTable.get(id);
  if (!assessment) throw new NotFoundError(`No assessment ${id}`);
  const ownEnterprise =
    hasRole(caller, 'enterprise') &&
    caller.organization !== undefined &&
    organizationKey(caller.organization) === organizationKey(assessment.enterprise.name);
  if (!ownEnterprise) throw new ForbiddenError('Only the enterprise the commissioner served rates them');
  if (assessment.state !== 'awaiting_rating') {
    throw new ConflictError(`The assessment is ${assessment.state}; the rating is closed`);
  }
  await completeTask(caller, taskIdFor('rate-commissioner', id), 'rate', undefined, rating);
  return (await assessmentTable.get(id)) ?? assessment;
}
