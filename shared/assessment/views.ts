import type { Assessment } from '#shared/assessment/model.ts';
import type { Caller } from '#shared/identity.ts';
import {
  type PartyRecord,
  type ShownActor,
  withoutAuditTrail,
  withShownBy,
} from '#shared/records/readViews.ts';

type ShownBy<Item> = Omit<Item, 'by'> & { readonly by: ShownActor };

/** An assessment as one of the agreement's parties reads it. */
export type AssessmentPartyView = Omit<PartyRecord<Assessment>, 'rating' | 'grade'> & {
  readonly rating?: ShownBy<NonNullable<Assessment['rating']>>;
  readonly grade?: ShownBy<NonNullable<Assessment['grade']>>;
};

/**
 * What the commissioner, the research office and the enterprise see of the year's assessment:
 * the rating, the score with its breakdown, the grade and its reason; not the audit trail, nor
 * who rated or graded (the reader's own rating excepted).
 */
export function assessmentPartyView(assessment: Assessment, reader: Caller): AssessmentPartyView {
  const { rating, grade, ...rest } = withoutAuditTrail(assessment);
  return {
    ...rest,
    ...(rating ? { rating: withShownBy(rating, reader) } : {}),
    ...(grade ? { grade: withShownBy(grade, reader) } : {}),
  };
}
