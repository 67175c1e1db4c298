/** Ranks nominees by their mean panel score, pure so ties and gaps are tested on their own. */

export interface NomineeScores {
  readonly nomineeId: string;
  readonly scores: readonly number[];
}

export interface RankedNominee {
  readonly nomineeId: string;
  /** 1 for the best; equal means share a rank and the next rank is skipped (1, 2, 2, 4). */
  readonly rank: number;
  /** Rounded to two decimals; undefined when no panel member could score the nominee. */
  readonly meanScore?: number;
  readonly scoreCount: number;
}

export function rankByMeanScore(nominees: readonly NomineeScores[]): RankedNominee[] {
  const withMeans = nominees.map((nominee) => ({
    nomineeId: nominee.nomineeId,
    scoreCount: nominee.scores.length,
    mean:
      nominee.scores.length === 0
        ? undefined
        : nominee.scores.reduce((sum, score) => sum + score, 0) / nominee.scores.length,
  }));
  // Unscored nominees come last; equal means keep the given order.
  const ordered = [...withMeans].sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1));
  return ordered.map((nominee) => {
    const ahead = ordered.filter((other) => (other.mean ?? -1) > (nominee.mean ?? -1)).length;
    return {
      nomineeId: nominee.nomineeId,
      rank: ahead + 1,
      ...(nominee.mean === undefined ? {} : { meanScore: Math.round(nominee.mean * 100) / 100 }),
      scoreCount: nominee.scoreCount,
    };
  });
}
