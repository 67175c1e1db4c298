import { isAgreementParty } from '#shared/agreement/agreementService.ts';
import { assessmentIndexes, assessmentTable } from '#shared/assessment/assessmentTable.ts';
import type { Assessment } from '#shared/assessment/model.ts';
import type { Grade } from '#shared/assessment/rubric.ts';
import type { Rating } from '#shared/assessment/schema.ts';
import { type AssessmentPartyView, assessmentPartyView } from '#shared/assessment/views.ts';
import { ConflictError, ForbiddenError, noSuchRecord, notYours } from '#shared/errors.ts';
import { decodeCursor, encodeCursor, keyOf } from '#shared/http/pageCursor.ts';
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

/** What the list of a year's assessments shows of each; the rest is read one at a time. */
export interface AssessmentSummary {
  readonly id: string;
  readonly year: string;
  readonly agreementId: string;
  readonly state: Assessment['state'];
  readonly commissioner: { readonly sub: string; readonly name: string };
  readonly institution: { readonly name: string };
  readonly enterprise: { readonly name: string };
  readonly rating?: { readonly score: number };
  readonly score?: { readonly total: number; readonly suggestedGrade: Grade };
  readonly grade?: { readonly grade: Grade };
  readonly updatedAt: string;
}

function summaryOf(assessment: Assessment): AssessmentSummary {
  const { id, year, agreementId, state, commissioner, institution, enterprise, rating, score, grade } =
    assessment;
  return {
    id,
    year,
    agreementId,
    state,
    commissioner: { sub: commissioner.sub, name: commissioner.name },
    institution: { name: institution.name },
    enterprise: { name: enterprise.name },
    ...(rating ? { rating: { score: rating.score } } : {}),
    ...(score ? { score: { total: score.total, suggestedGrade: score.suggestedGrade } } : {}),
    ...(grade ? { grade: { grade: grade.grade } } : {}),
    updatedAt: assessment.updatedAt,
  };
}

/** The byYear index's key with the table's: what its LastEvaluatedKey holds. */
const byYearKey = ['id', 'year', 'agreementId'] as const;

/**
 * The most assessments one request reads looking for a party's own (the bureau's pages are
 * all its own): it bounds the request's time whatever the year holds. A party's page may then
 * be short, with a cursor to go on.
 */
const readBudget = 2000;

/**
 * A page of a year's assessments, in agreement order: the bureau sees all, each party its own.
 * The cursor is there only when more remain, but for a party whose reading ran out of budget.
 */
export async function listAssessmentsForCaller(
  caller: Caller,
  year: string,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<{ items: AssessmentSummary[]; nextCursor?: string }> {
  let startKey: Record<string, unknown> | undefined =
    page.cursor === undefined
      ? undefined
      : decodeCursor(page.cursor, { attributes: byYearKey, partition: { attribute: 'year', value: year } });
  const readable: Assessment[] = [];
  let read = 0;
  // One more than the page, to tell whether any remain.
  while (readable.length <= page.limit) {
    const { items, lastKey } = await assessmentTable.queryPage(assessmentIndexes.byYear, 'year', year, {
      limit: page.limit + 1 - readable.length,
      startKey,
    });
    read += items.length;
    readable.push(...items.filter((assessment) => mayRead(caller, assessment)));
    startKey = lastKey;
    if (!lastKey || read >= readBudget) break;
  }
  const items = readable.slice(0, page.limit);
  const last = items.at(-1);
  const after = readable.length > page.limit && last ? keyOf(last, byYearKey) : startKey;
  return { items: items.map(summaryOf), ...(after ? { nextCursor: encodeCursor(after) } : {}) };
}

/** The one place that shapes an assessment for its reader: the bureau everything, a party its view. */
async function view(
  caller: Caller,
  assessment: Assessment,
): Promise<WithAuditTrail<Assessment> | AssessmentPartyView> {
  return hasRole(caller, 'admin')
    ? assessmentTable.withAuditTrail(assessment)
    : assessmentPartyView(assessment, caller);
}

export async function getAssessmentForCaller(
  caller: Caller,
  id: string,
): Promise<WithAuditTrail<Assessment> | AssessmentPartyView> {
  const assessment = await assessmentTable.get(id);
  if (!assessment) throw noSuchRecord('assessment', id);
  if (!mayRead(caller, assessment)) throw notYours('assessment');
  return view(caller, assessment);
}

/**
 * The enterprise rates its commissioner; it completes the waiting rating step. Answers the
 * assessment as read before: the workflow records the rating a moment after SendTaskSuccess answers.
 */
export async function rateCommissioner(
  caller: Caller,
  id: string,
  rating: Rating,
): Promise<WithAuditTrail<Assessment> | AssessmentPartyView> {
  const assessment = await assessmentTable.get(id);
  if (!assessment) throw noSuchRecord('assessment', id);
  const ownEnterprise =
    hasRole(caller, 'enterprise') &&
    caller.organization !== undefined &&
    organizationKey(caller.organization) === organizationKey(assessment.enterprise.name);
  if (!ownEnterprise)
    throw new ForbiddenError('Only the enterprise the commissioner served rates them', {
      code: 'partyOnly',
      params: { role: 'enterprise' },
    });
  if (assessment.state !== 'awaiting_rating') {
    throw new ConflictError(`The assessment is ${assessment.state}; the rating is closed`, {
      code: 'notInThisState',
      params: { state: assessment.state },
    });
  }
  await completeTask(caller, taskIdFor('rate-commissioner', id), 'rate', undefined, rating);
  return view(caller, assessment);
}
