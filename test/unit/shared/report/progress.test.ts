import { describe, expect, it } from 'vitest';
import { outcomeCategories } from '#shared/outcomes.ts';
import { acceptedTotals, periodStatus } from '#shared/report/progress.ts';
import type { ReportState } from '#shared/report/states.ts';

const counts = (values: Partial<Record<(typeof outcomeCategories)[number], number>>) =>
  Object.fromEntries(outcomeCategories.map((category) => [category, values[category] ?? 0])) as Record<
    (typeof outcomeCategories)[number],
    number
  >;

describe('periodStatus', () => {
  it('shows an open report as due from its due date on', () => {
    expect(periodStatus({ state: 'open', due: '2027-03-22' }, '2027-03-21')).toBe('open');
    expect(periodStatus({ state: 'open', due: '2027-03-22' }, '2027-03-22')).toBe('due');
    expect(periodStatus({ state: 'open', due: '2027-03-22' }, '2027-04-01')).toBe('due');
  });

  it('shows every other state as it is', () => {
    expect(periodStatus({ state: 'submitted', due: '2027-03-22' }, '2027-04-01')).toBe('submitted');
    expect(periodStatus({ state: 'overdue', due: '2027-03-22' }, '2027-04-10')).toBe('overdue');
  });
});

describe('acceptedTotals', () => {
  const report = (
    state: ReportState,
    ...versions: Partial<Record<(typeof outcomeCategories)[number], number>>[]
  ) => ({
    state,
    versions: versions.map((values) => ({ counts: counts(values) })),
  });

  it("adds up each accepted report's last version only", () => {
    expect(
      acceptedTotals([
        report('accepted', { patentsApplied: 5 }, { patentsApplied: 2, technicalTrainings: 1 }),
        report('accepted', { patentsApplied: 1 }),
      ]),
    ).toEqual(counts({ patentsApplied: 3, technicalTrainings: 1 }));
  });

  it('ignores returned, disputed, submitted, confirmed and waived reports', () => {
    expect(
      acceptedTotals([
        report('revising', { technicalProblemsSolved: 9 }),
        report('submitted', { technicalProblemsSolved: 9 }),
        report('confirmed', { technicalProblemsSolved: 9 }),
        report('waived'),
        report('accepted', { technicalProblemsSolved: 1 }),
      ]),
    ).toEqual(counts({ technicalProblemsSolved: 1 }));
  });

  it('is all zeros with nothing accepted', () => {
    expect(acceptedTotals([])).toEqual(counts({}));
  });
});
