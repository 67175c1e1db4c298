import { describe, expect, it } from 'vitest';
import { outcomeCategories } from '#shared/outcomes.ts';
import type { Evidence } from '#shared/report/schema.ts';
import { compareVersions } from '#shared/report/versionComparison.ts';

const zero = Object.fromEntries(outcomeCategories.map((category) => [category, 0])) as Record<
  (typeof outcomeCategories)[number],
  number
>;
const patent: Evidence = { kind: 'patentApplication', number: '200410018477.9' };
const training: Evidence = { kind: 'training', date: '2027-01-15', topic: '工艺培训', attendance: 24 };

describe('compareVersions', () => {
  it('lists only the counts that changed, each with both values', () => {
    const comparison = compareVersions(
      { number: 1, counts: { ...zero, patentsApplied: 1 }, narrative: 'a', evidence: [] },
      {
        number: 2,
        counts: { ...zero, patentsApplied: 2, technicalTrainings: 1 },
        narrative: 'a',
        evidence: [],
      },
    );
    expect(comparison).toEqual({
      from: 1,
      to: 2,
      counts: [
        { category: 'technicalTrainings', from: 0, to: 1 },
        { category: 'patentsApplied', from: 1, to: 2 },
      ],
      narrativeChanged: false,
      evidenceAdded: [],
      evidenceRemoved: [],
    });
  });

  it('treats an edited evidence entry as one removed and one added, whatever its key order', () => {
    const comparison = compareVersions(
      { number: 1, counts: zero, narrative: 'a', evidence: [patent, training] },
      {
        number: 2,
        counts: zero,
        narrative: 'b',
        evidence: [
          { number: '200410018477.9', kind: 'patentApplication' },
          { ...training, attendance: 20 },
        ],
      },
    );
    expect(comparison.narrativeChanged).toBe(true);
    expect(comparison.evidenceAdded).toEqual([{ ...training, attendance: 20 }]);
    expect(comparison.evidenceRemoved).toEqual([training]);
  });
});
