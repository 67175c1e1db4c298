import { describe, expect, it } from 'vitest';
import { nextAssessmentState } from '#shared/assessment/states.ts';
import { nextRoundState } from '#shared/commendation/states.ts';
import { ConflictError, ForbiddenError } from '#shared/errors.ts';

describe('assessment transitions', () => {
  it('go rated (or lapsed) → scored → graded', () => {
    expect(nextAssessmentState('awaiting_rating', 'enterprise', 'rate')).toBe('rated');
    expect(nextAssessmentState('awaiting_rating', 'system', 'lapse_rating')).toBe('rating_lapsed');
    expect(nextAssessmentState('rated', 'system', 'score')).toBe('scored');
    expect(nextAssessmentState('rating_lapsed', 'system', 'score')).toBe('scored');
    expect(nextAssessmentState('scored', 'admin', 'grade')).toBe('graded');
  });

  it('refuse grading before the score, and a grade by anyone but the bureau', () => {
    expect(() => nextAssessmentState('rated', 'admin', 'grade')).toThrow(ConflictError);
    expect(() => nextAssessmentState('scored', 'enterprise', 'grade')).toThrow(ForbiddenError);
    expect(() => nextAssessmentState('graded', 'admin', 'grade')).toThrow(ConflictError);
  });
});

describe('commendation round transitions', () => {
  it('go nominating → scoring → awaiting approval → in notice → published', () => {
    expect(nextRoundState('nominating', 'admin', 'nominate')).toBe('nominating');
    expect(nextRoundState('nominating', 'system', 'start_scoring')).toBe('scoring');
    expect(nextRoundState('scoring', 'panel', 'score')).toBe('scoring');
    expect(nextRoundState('scoring', 'system', 'close_scoring')).toBe('awaiting_approval');
    expect(nextRoundState('scoring', 'admin', 'close_scoring')).toBe('awaiting_approval');
    expect(() => nextRoundState('scoring', 'panel', 'close_scoring')).toThrow(ForbiddenError);
    expect(nextRoundState('awaiting_approval', 'admin', 'approve')).toBe('in_notice');
    expect(nextRoundState('in_notice', 'system', 'publish')).toBe('published');
  });

  it('refuse nominations once scoring started, scores outside scoring, and a panel approving', () => {
    expect(() => nextRoundState('scoring', 'admin', 'nominate')).toThrow(ConflictError);
    expect(() => nextRoundState('awaiting_approval', 'panel', 'score')).toThrow(ConflictError);
    expect(() => nextRoundState('awaiting_approval', 'panel', 'approve')).toThrow(ForbiddenError);
  });
});
