import { isAgreementParty } from '#shared/agreement/agreementService.ts';
import { assessmentIndexes, assessmentTable } from '#shared/assessment/assessmentTable.ts';
import type { Assessment } from '#shared/assessment/model.ts';
import type { Rating } from '#shared/assessment/schema.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { completeTask } from '#shared/tasks/taskService.ts';

const partiesOf = (assessment: Assessment) => ({
  commissioner: assessment.commissioner,
  institution: assessment.institution,
  enterprise: assessment.enterprise,
});

function mayRead(caller: Caller, assessment: Assessment): boolean {
  return isAgreementParty(caller, partiesOf(assessment));
}

/** A year's assessments: the bureau sees all, each party its own. */
export async function listAssessmentsForCaller(caller: Caller, year: string): Promise<Assessment[]> {
  const all = await assessmentTable.queryAll(assessmentIndexes.byYear, 'year', year);
  return all.filter((assessment) => mayRead(caller, assessment));
}

export async function getAssessmentForCaller(
  caller: Caller,
  id: string,
): Promise<WithAuditTrail<Assessment>> {
  const assessment = await assessmentTable.get(id);
  if (!assessment) throw new NotFoundError(`No assessment ${id}`);
  if (!mayRead(caller, assessment)) throw new ForbiddenError('This assessment is not yours to see');
  return assessmentTable.withAuditTrail(assessment);
}

/**
 * The enterprise rates its commissioner; it completes the waiting rating step. Answers the
 * assessment as read before: the workflow records the rating a moment after SendTaskSuccess answers.
 */
export async function rateCommissioner(
  caller: Caller,
  id: string,
  rating: Rating,
): Promise<WithAuditTrail<Assessment>> {
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
  return assessmentTable.withAuditTrail(assessment);
}
