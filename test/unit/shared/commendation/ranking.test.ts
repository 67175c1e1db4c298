import { describe, expect, it } from 'vitest';
import { rankByMeanScore } from '#shared/commendation/ranking.ts';

describe('rankByMeanScore', () => {
  it('ranks by mean score, best first', () => {
    expect(
      rankByMeanScore([
        { nomineeId: 'a', scores: [70, 80] },
        { nomineeId: 'b', scores: [90, 95, 91] },
      ]),
    ).toEqual([
      { nomineeId: 'b', rank: 1, meanScore: 92, scoreCount: 3 },
      { nomineeId: 'a', rank: 2, meanScore: 75, scoreCount: 2 },
    ]);
  });

  it('gives ties the same rank and skips the next (1, 2, 2, 4), keeping the given order within a tie', () => {
    const ranked = rankByMeanScore([
      { nomineeId: 'a', scores: [90] },
      { nomineeId: 'b', scores: [80, 80] },
      { nomineeId: 'c', scores: [70, 90] },
      { nomineeId: 'd', scores: [60] },
    ]);
    expect(ranked.map((r) => [r.nomineeId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('rounds the mean to two decimals and puts a nominee nobody could score last, without a mean', () => {
    const ranked = rankByMeanScore([
      { nomineeId: 'unscored', scores: [] },
      { nomineeId: 'x', scores: [80, 81, 81] },
    ]);
    expect(ranked).toEqual([
      { nomineeId: 'x', rank: 1, meanScore: 80.67, scoreCount: 3 },
      { nomineeId: 'unscored', rank: 2, scoreCount: 0 },
    ]);
  });
});
