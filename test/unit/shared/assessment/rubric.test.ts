import { describe, expect, it } from 'vitest';
import { defaultRubric, type Rubric, scoreCommissioner, suggestedGrade } from '#shared/assessment/rubric.ts';
import { rubricSchema } from '#shared/assessment/schema.ts';
import { type OutcomeCategory, outcomeCategories } from '#shared/outcomes.ts';

const counts = (values: Partial<Record<OutcomeCategory, number>>) =>
  Object.fromEntries(outcomeCategories.map((category) => [category, values[category] ?? 0])) as Record<
    OutcomeCategory,
    number
  >;

const rubric: Rubric = {
  pointsPerOutcome: counts({ technicalProblemsSolved: 5, technicalTrainings: 2, patentsApplied: 3 }),
  goalPoints: 40,
  pointsPerRatingStar: 4,
  gradeThresholds: { excellent: 80, good: 60, competent: 40 },
};

describe('scoreCommissioner', () => {
  it('adds points per accepted outcome, goal attainment pro rata and the rating', () => {
    const score = scoreCommissioner(
      rubric,
      counts({ technicalProblemsSolved: 4, technicalTrainings: 3, patentsApplied: 1 }),
      counts({ technicalProblemsSolved: 4, technicalTrainings: 6, patentsApplied: 2 }),
      5,
    );
    expect(score.outcomePoints).toBe(4 * 5 + 3 * 2 + 1 * 3);
    // Each goal set counts alike: (4/4 + 3/6 + 1/2) / 3.
    expect(score.goalAttainment).toBe(0.67);
    expect(score.goalPoints).toBe(26.67);
    expect(score.ratingPoints).toBe(20);
    expect(score.total).toBe(29 + 26.67 + 20);
    expect(score.suggestedGrade).toBe('good');
    expect(score.outcomes.find((o) => o.category === 'technicalTrainings')).toEqual({
      category: 'technicalTrainings',
      accepted: 3,
      goal: 6,
      points: 6,
    });
  });

  it('caps a goal at fully met, so overshooting one goal does not make up for another', () => {
    const score = scoreCommissioner(
      rubric,
      counts({ technicalProblemsSolved: 40 }),
      counts({ technicalProblemsSolved: 4, patentsApplied: 2 }),
      undefined,
    );
    expect(score.goalAttainment).toBe(0.5);
    expect(score.goalPoints).toBe(20);
  });

  it('gives no rating points, and no rating, when the enterprise never rated', () => {
    const score = scoreCommissioner(rubric, counts({}), counts({ patentsApplied: 1 }), undefined);
    expect(score.rating).toBeUndefined();
    expect(score.ratingPoints).toBe(0);
    expect([score.total, score.suggestedGrade]).toEqual([0, 'incompetent']);
  });

  it('gives no goal points to an agreement that set no goals', () => {
    expect(scoreCommissioner(rubric, counts({ technicalTrainings: 1 }), counts({}), 3).goalPoints).toBe(0);
  });
});

describe('suggestedGrade', () => {
  it.each([
    [108, 'excellent'],
    [107.99, 'good'],
    [80, 'good'],
    [55, 'competent'],
    [54.5, 'incompetent'],
  ] as const)('suggests %s → %s at the default thresholds', (total, grade) => {
    expect(suggestedGrade(total, defaultRubric)).toBe(grade);
  });
});

describe('rubricSchema', () => {
  it('refuses points DynamoDB cannot store, and more than two decimals', () => {
    const body = { ...defaultRubric, goalPoints: 5e-324 };
    expect(rubricSchema.safeParse(body).success).toBe(false);
    expect(rubricSchema.safeParse({ ...defaultRubric, goalPoints: 1.005 }).success).toBe(false);
    expect(rubricSchema.safeParse({ ...defaultRubric, goalPoints: 0.07 }).success).toBe(true);
  });
});
