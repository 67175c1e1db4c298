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

export const defaultRubric: Rubric = {
  pointsPerOutcome: {
    industryImprovementReports: 4,
    technicalProblemsSolved: 4,
    technicalTrainings: 2,
    patentsApplied: 3,
    patentsGranted: 5,
    scienceTechProjects: 5,
    enterpriseTechCentres: 8,
    highTechEnterprises: 8,
    postdoctoralWorkstations: 10,
  },
  goalPoints: 40,
  pointsPerRatingStar: 6,
  gradeThresholds: { excellent: 80, good: 60, competent: 40 },
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
