import { type OutcomeCategory, type OutcomeCounts, outcomeCategories } from '#shared/outcomes.ts';

/*
 * The published scoring rubric: how a commissioner's year is scored from accepted outcomes,
 * the agreement's goals and the enterprise's rating. Pure and free of zod, so the console
 * shows the rubric and the breakdown exactly as the server computes them.
 */

export const grades = ['excellent', 'good', 'competent', 'incompetent'] as const;
export type Grade = (typeof grades)[number];

export interface Rubric {
  /** Points for each accepted outcome, per category. */
  readonly pointsPerOutcome: OutcomeCounts;
  /** Points for meeting every goal in full; each goal counts pro rata, capped at fully met. */
  readonly goalPoints: number;
  /** Points per star of the enterprise's 1–5 satisfaction rating. */
  readonly pointsPerRatingStar: number;
  /** The lowest score that suggests each grade above incompetent. */
  readonly gradeThresholds: { readonly excellent: number; readonly good: number; readonly competent: number };
}

/**
 * Calibrated on a reference cohort of commissioner-years (`test/support/assessmentCohort.ts`):
 * goals met in full with a 4-star rating suggests good whatever the agreement's size, excellent
 * takes goals exceeded and a high rating, a fifth of the goals is incompetent. On that cohort it
 * suggests 12% excellent, 62% good, 18% competent and 8% incompetent, where the first default
 * (outcomes weighing twice as much, 40 goal points, thresholds 80/60/40) suggested 75% excellent.
 */
export const defaultRubric: Rubric = {
  pointsPerOutcome: {
    industryImprovementReports: 2,
    technicalProblemsSolved: 2,
    technicalTrainings: 1,
    patentsApplied: 2,
    patentsGranted: 3,
    scienceTechProjects: 3,
    enterpriseTechCentres: 5,
    highTechEnterprises: 5,
    postdoctoralWorkstations: 6,
  },
  goalPoints: 50,
  pointsPerRatingStar: 6,
  gradeThresholds: { excellent: 108, good: 80, competent: 55 },
};

export interface ScoreBreakdown {
  readonly outcomes: readonly {
    readonly category: OutcomeCategory;
    readonly accepted: number;
    readonly goal: number;
    readonly points: number;
  }[];
  readonly outcomePoints: number;
  /** 0 to 1: the mean share met of each goal set (above 0). */
  readonly goalAttainment: number;
  readonly goalPoints: number;
  /** The enterprise's 1–5 rating; absent when it never rated. */
  readonly rating?: number;
  readonly ratingPoints: number;
  readonly total: number;
  readonly suggestedGrade: Grade;
}

const roundTo2 = (value: number) => Math.round(value * 100) / 100;

export function suggestedGrade(total: number, rubric: Rubric): Grade {
  const { excellent, good, competent } = rubric.gradeThresholds;
  if (total >= excellent) return 'excellent';
  if (total >= good) return 'good';
  if (total >= competent) return 'competent';
  return 'incompetent';
}

/** Scores a commissioner's year by `rubric`: every term of the sum is kept, so the score explains itself. */
export function scoreCommissioner(
  rubric: Rubric,
  accepted: OutcomeCounts,
  goals: OutcomeCounts,
  rating: number | undefined,
): ScoreBreakdown {
  const outcomes = outcomeCategories.map((category) => ({
    category,
    accepted: accepted[category],
    goal: goals[category],
    points: accepted[category] * rubric.pointsPerOutcome[category],
  }));
  const outcomePoints = outcomes.reduce((sum, outcome) => sum + outcome.points, 0);
  const goalsSet = outcomes.filter((outcome) => outcome.goal > 0);
  const goalAttainment =
    goalsSet.length === 0
      ? 0
      : goalsSet.reduce((sum, outcome) => sum + Math.min(outcome.accepted / outcome.goal, 1), 0) /
        goalsSet.length;
  const goalPoints = roundTo2(goalAttainment * rubric.goalPoints);
  const ratingPoints = rating === undefined ? 0 : rating * rubric.pointsPerRatingStar;
  const total = roundTo2(outcomePoints + goalPoints + ratingPoints);
  return {
    outcomes,
    outcomePoints,
    goalAttainment: roundTo2(goalAttainment),
    goalPoints,
    ...(rating === undefined ? {} : { rating }),
    ratingPoints,
    total,
    suggestedGrade: suggestedGrade(total, rubric),
  };
}
