import * as z from 'zod';
import type { PageSize } from '#shared/http/pageCursor.ts';
import { maxRubricPoints, ratingCommentLength } from '#shared/limits.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import { longText } from '#shared/textSchemas.ts';
import { coded, codedPattern, messageUnlessMissing } from '#shared/validation.ts';

/**
 * A page of a year's list: a few hundred summaries stay far under Lambda's 6 MB response. Here,
 * not in the service, so the route table (and the public function's OpenAPI document) reads it
 * without importing the service's tables.
 */
export const assessmentPageSize: PageSize = { defaultLimit: 100, maxLimit: 500 };

const year = z
  .string(messageUnlessMissing('must be a year written YYYY'))
  .regex(codedPattern(/^\d{4}$/, 'yearFormat'), 'must be a year written YYYY');

export const openAssessmentsSchema = z.strictObject({ year }).meta({
  id: 'OpenAssessments',
  description: 'Opens the annual assessment of every agreement that ran in the year.',
});
export type OpenAssessments = z.infer<typeof openAssessmentsSchema>;

export const ratingSchema = z
  .strictObject({
    score: z
      .int(messageUnlessMissing('must be a whole number from 1 to 5'))
      .min(1, 'must be from 1 to 5')
      .max(5, 'must be from 1 to 5'),
    comment: longText(ratingCommentLength.min, ratingCommentLength.max).default(''),
  })
  .meta({
    id: 'Rating',
    description: "The enterprise's satisfaction with its commissioner: 1 to 5, and a comment.",
  });
export type Rating = z.infer<typeof ratingSchema>;

// Hundredths at most: a number like 5e-324 cannot be stored in DynamoDB, and no rubric needs it.
const points = z
  .number(messageUnlessMissing('must be a number'))
  .min(0, 'must not be negative')
  .max(maxRubricPoints, `must be at most ${maxRubricPoints}`)
  .refine(
    (value) => Math.round(value * 100) / 100 === value,
    coded('tooManyDecimals', 'must have at most two decimals', { decimals: 2 }),
  );

export const rubricSchema = z
  .strictObject({
    pointsPerOutcome: z.strictObject(
      Object.fromEntries(outcomeCategories.map((category) => [category, points])) as Record<
        (typeof outcomeCategories)[number],
        typeof points
      >,
    ),
    goalPoints: points,
    pointsPerRatingStar: points,
    gradeThresholds: z
      .strictObject({ excellent: points, good: points, competent: points })
      .refine(
        (t) => t.excellent >= t.good && t.good >= t.competent,
        coded('thresholdsOutOfOrder', 'must rank excellent ≥ good ≥ competent'),
      ),
  })
  .meta({
    id: 'Rubric',
    description:
      'The published scoring rubric: points per accepted outcome, points for meeting the goals, points per rating star, and the score that suggests each grade.',
  });
