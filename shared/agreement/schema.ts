import * as z from 'zod';
import { cadences } from '#shared/agreement/periods.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

/** A real calendar date written YYYY-MM-DD (2023-02-29 is not one). */
const calendarDate = z
  .string(messageUnlessMissing('must be a date written YYYY-MM-DD'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a real calendar date');

const goal = z.int(messageUnlessMissing('must be a whole number')).min(0, 'must not be negative').max(10_000);

export const draftAgreementSchema = z
  .strictObject({
    dispatchId: z.string().trim().min(1, 'is required').max(200),
    termStart: calendarDate,
    termEnd: calendarDate,
    goals: z.strictObject(
      Object.fromEntries(outcomeCategories.map((category) => [category, goal])) as Record<
        (typeof outcomeCategories)[number],
        typeof goal
      >,
    ),
    cadence: z
      .enum(cadences, messageUnlessMissing(`must be one of ${cadences.join(', ')}`))
      .default('quarterly'),
  })
  .refine((draft) => draft.termEnd > draft.termStart, {
    path: ['termEnd'],
    message: 'must be after termStart',
  })
  .meta({
    id: 'DraftAgreement',
    description:
      'The cooperation agreement the bureau drafts from a dispatch: term, goals per outcome category, cadence.',
  });
export type DraftAgreement = z.infer<typeof draftAgreementSchema>;
