import type { OutcomeCounts } from '#shared/outcomes.ts';
import { outcomeCounts } from '#test/support/apiClient.ts';

/*
 * A reference cohort of commissioner-years to calibrate the default rubric on: three sizes of
 * agreement goals, how much of them a year achieved, and the enterprise's rating, each with the
 * share of commissioners it stands for. The shares are a judgement of a typical programme year
 * (most meet their goals and are rated 4 stars; a few far exceed them; a few achieve little),
 * not measurements; they make "a typical good year" concrete enough to test.
 */

export interface CohortMember {
  readonly goals: OutcomeCounts;
  readonly accepted: OutcomeCounts;
  readonly rating: number;
  /** The share of the cohort this commissioner-year stands for (all shares add up to 1). */
  readonly share: number;
}

export const goalSets = {
  small: outcomeCounts({ technicalProblemsSolved: 3, technicalTrainings: 2, patentsApplied: 1 }),
  medium: outcomeCounts({
    technicalProblemsSolved: 6,
    technicalTrainings: 4,
    patentsApplied: 2,
    industryImprovementReports: 1,
  }),
  large: outcomeCounts({
    technicalProblemsSolved: 8,
    technicalTrainings: 4,
    patentsApplied: 3,
    scienceTechProjects: 1,
    patentsGranted: 1,
  }),
} as const;

const goalShares = { small: 0.3, medium: 0.5, large: 0.2 } as const;
/** How much of each goal the year achieved, and the share of commissioners who did. */
const attainments = [
  [1.6, 0.1],
  [1.25, 0.15],
  [1, 0.35],
  [0.75, 0.2],
  [0.5, 0.12],
  [0.2, 0.08],
] as const;
const ratings = [
  [5, 0.3],
  [4, 0.45],
  [3, 0.2],
  [2, 0.05],
] as const;

/** `goals` achieved `times` over, each count rounded. */
export function achieved(goals: OutcomeCounts, times: number): OutcomeCounts {
  return Object.fromEntries(
    Object.entries(goals).map(([category, goal]) => [category, Math.round(goal * times)]),
  ) as OutcomeCounts;
}

export const assessmentCohort: readonly CohortMember[] = (
  Object.keys(goalSets) as (keyof typeof goalSets)[]
).flatMap((size) =>
  attainments.flatMap(([times, attainmentShare]) =>
    ratings.map(([rating, ratingShare]) => ({
      goals: goalSets[size],
      accepted: achieved(goalSets[size], times),
      rating,
      share: goalShares[size] * attainmentShare * ratingShare,
    })),
  ),
);
