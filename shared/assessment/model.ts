import type { Grade, Rubric, ScoreBreakdown } from '#shared/assessment/rubric.ts';
import type { AssessmentAction, AssessmentState } from '#shared/assessment/states.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';

/** One commissioner's year on one agreement: the enterprise's rating, the score, the bureau's grade. */
export interface Assessment extends StagedRecord<AssessmentState, AssessmentAction> {
  /** `<year>.<agreementId>`. */
  readonly id: string;
  readonly year: string;
  readonly agreementId: string;
  readonly commissioner: { readonly sub: string; readonly name: string; readonly email: string };
  readonly institution: { readonly name: string; readonly email: string };
  readonly enterprise: { readonly name: string; readonly email: string };
  readonly rating?: {
    readonly score: number;
    readonly comment: string;
    readonly by: ActorRef;
    readonly at: string;
  };
  /** The score with its breakdown and the rubric it was computed by. */
  readonly score?: ScoreBreakdown & { readonly rubric: Rubric; readonly reports: readonly string[] };
  readonly grade?: {
    readonly grade: Grade;
    readonly reason?: string;
    readonly by: ActorRef;
    readonly at: string;
  };
}

export const assessmentIdFor = (year: string, agreementId: string) => `${year}.${agreementId}`;
