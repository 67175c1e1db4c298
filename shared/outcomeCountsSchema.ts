import * as z from 'zod';
import { maxOutcomeCount } from '#shared/limits.ts';
import { type OutcomeCategory, outcomeCategories } from '#shared/outcomes.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

const count = z
  .int(messageUnlessMissing('must be a whole number'))
  .min(0, 'must not be negative')
  .max(maxOutcomeCount);

/** A whole, non-negative number for every outcome category: an agreement's goals, a report's counts. */
export const outcomeCountsSchema = z.strictObject(
  Object.fromEntries(outcomeCategories.map((category) => [category, count])) as Record<
    OutcomeCategory,
    typeof count
  >,
);
