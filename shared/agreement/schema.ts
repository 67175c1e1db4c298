import * as z from 'zod';
import { cadences } from '#shared/agreement/periods.ts';
import { calendarDate } from '#shared/calendarDateSchema.ts';
import { outcomeCountsSchema } from '#shared/outcomeCountsSchema.ts';
import { singleLineText } from '#shared/textSchemas.ts';
import { coded, messageUnlessMissing } from '#shared/validation.ts';

export const draftAgreementSchema = z
  .strictObject({
    dispatchId: singleLineText(1, 200),
    termStart: calendarDate,
    termEnd: calendarDate,
    goals: outcomeCountsSchema,
    cadence: z
      .enum(cadences, messageUnlessMissing(`must be one of ${cadences.join(', ')}`))
      .default('quarterly'),
  })
  .refine((draft) => draft.termEnd > draft.termStart, {
    path: ['termEnd'],
    ...coded('notAfterStart', 'must be after termStart', { start: 'termStart' }),
  })
  .meta({
    id: 'DraftAgreement',
    description:
      'The cooperation agreement the bureau drafts from a dispatch: term, goals per outcome category, cadence.',
  });
export type DraftAgreement = z.infer<typeof draftAgreementSchema>;
