import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultRubric,
  type Grade,
  grades,
  type Rubric,
  scoreCommissioner,
} from '#shared/assessment/rubric.ts';
import { type OutcomeCounts, outcomeCategories } from '#shared/outcomes.ts';
import { achieved, assessmentCohort, goalSets } from '#test/support/assessmentCohort.ts';

/** The share of the cohort each grade is suggested for, in percent to one decimal. */
function distribution(rubric: Rubric): Record<Grade, number> {
  const shares = Object.fromEntries(grades.map((grade) => [grade, 0])) as Record<Grade, number>;
  for (const member of assessmentCohort) {
    const { suggestedGrade } = scoreCommissioner(rubric, member.accepted, member.goals, member.rating);
    shares[suggestedGrade] += member.share;
  }
  return Object.fromEntries(grades.map((grade) => [grade, Math.round(shares[grade] * 1000) / 10])) as Record<
    Grade,
    number
  >;
}

const suggested = (goals: (typeof goalSets)[keyof typeof goalSets], times: number, rating: number) =>
  scoreCommissioner(defaultRubric, achieved(goals, times), goals, rating).suggestedGrade;

describe('the default rubric, on the reference cohort', () => {
  it('suggests good for a typical good year (goals met in full, 4 stars), whatever the agreement’s size', () => {
    expect(Object.values(goalSets).map((goals) => suggested(goals, 1, 4))).toEqual(['good', 'good', 'good']);
  });

  it('keeps excellent for goals exceeded with a high rating, and incompetent for a fifth of the goals', () => {
    expect(suggested(goalSets.medium, 1.25, 5)).toBe('excellent');
    expect(suggested(goalSets.large, 1.25, 4)).toBe('excellent');
    expect(suggested(goalSets.medium, 1.25, 3)).toBe('good');
    expect(suggested(goalSets.small, 0.5, 3)).toBe('competent');
    expect(Object.values(goalSets).map((goals) => suggested(goals, 0.2, 5))).toEqual([
      'incompetent',
      'incompetent',
      'incompetent',
    ]);
  });

  it('suggests each grade for the share of the cohort the rubric’s comment gives', () => {
    expect(distribution(defaultRubric)).toEqual({
      excellent: 12.4,
      good: 61.5,
      competent: 18.1,
      incompetent: 8,
    });
    // The first default, for comparison: three in four were excellent.
    const first: Rubric = {
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
    expect(distribution(first).excellent).toBe(75.2);
  });

  it('never suggests a lower grade for more accepted outcomes or a better rating', () => {
    const counts = fc
      .array(fc.integer({ min: 0, max: 30 }), {
        minLength: outcomeCategories.length,
        maxLength: outcomeCategories.length,
      })
      .map(
        (values) =>
          Object.fromEntries(
            outcomeCategories.map((category, index) => [category, values[index] ?? 0]),
          ) as OutcomeCounts,
      );
    fc.assert(
      fc.property(counts, counts, counts, fc.integer({ min: 1, max: 5 }), (goals, accepted, more, rating) => {
        const rank = (grade: Grade) => grades.length - grades.indexOf(grade);
        const base = scoreCommissioner(defaultRubric, accepted, goals, rating).suggestedGrade;
        const moreAccepted = Object.fromEntries(
          outcomeCategories.map((category) => [category, accepted[category] + more[category]]),
        ) as typeof accepted;
        const better = scoreCommissioner(defaultRubric, moreAccepted, goals, Math.min(rating + 1, 5));
        expect(rank(better.suggestedGrade)).toBeGreaterThanOrEqual(rank(base));
      }),
    );
  });
});
