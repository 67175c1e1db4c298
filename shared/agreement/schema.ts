import * as z from 'zod';
import { cadences } from '#shared/agreement/periods.ts';
import { calendarDate } from '#shared/calendarDateSchema.ts';
import { outcomeCountsSchema } from '#shared/outcomeCountsSchema.ts';
import { singleLineText } from '#shared/textSchemas.ts';
import { coded, messageUnlessMissing } from '#shared/validation.ts';

/** An agreement's terms as the bureau drafts them, or as an import brings in those signed before. */
export const agreementTermsShape = {
  termStart: calendarDate,
  termEnd: calendarDate,
  goals: outcomeCountsSchema,
  cadence: z
    .enum(cadences, messageUnlessMissing(`must be one of ${cadences.join(', ')}`))
    .default('quarterly'),
};

/** The refinement every form of the terms carries: the term ends after it starts. */
export const termEndsAfterStart: [
  (terms: { termStart: string; termEnd: string }) => boolean,
  { path: PropertyKey[]; message: string; params: Record<string, unknown> },
] = [
  (terms) => terms.termEnd > terms.termStart,
  { path: ['termEnd'], ...coded('notAfterStart', 'must be after termStart', { start: 'termStart' }) },
];

export const draftAgreementSchema = z
  .strictObject({ dispatchId: singleLineText(1, 200), ...agreementTermsShape })
  .refine(...termEndsAfterStart)
  .meta({
    id: 'DraftAgreement',
    description:
      'The cooperation agreement the bureau drafts from a dispatch: term, goals per outcome category, cadence.',
  });
export type DraftAgreement = z.infer<typeof draftAgreementSchema>;
