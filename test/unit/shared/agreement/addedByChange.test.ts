import { describe, expect, it } from 'vitest';
import { addedByChange, periodsFromChange, reportPeriods } from '#shared/agreement/periods.ts';

describe('the periods a change of cadence adds', () => {
  it('are those after the period running on the day of the change', () => {
    const existing = reportPeriods('2027-01-01', '2027-12-31', 'quarterly');
    const periods = periodsFromChange(existing, '2027-05-10', 'monthly', '2027-12-31');
    const added = addedByChange(existing, periods, '2027-05-10');
    expect(added.map((period) => [period.index, period.start])).toEqual([
      [3, '2027-07-01'],
      [4, '2027-08-01'],
      [5, '2027-09-01'],
      [6, '2027-10-01'],
      [7, '2027-11-01'],
      [8, '2027-12-01'],
    ]);
  });

  it('include a period starting on the day of the change, when the term had no periods', () => {
    const periods = periodsFromChange([], '2027-05-10', 'quarterly', '2027-12-31');
    const added = addedByChange([], periods, '2027-05-10');
    expect(added[0]).toMatchObject({ index: 1, start: '2027-05-10' });
    expect(added).toHaveLength(periods.length);
  });

  it('are every period when none had started yet', () => {
    const existing = reportPeriods('2027-06-01', '2027-12-31', 'quarterly');
    const periods = periodsFromChange(existing, '2027-05-10', 'halfYearly', '2027-12-31');
    expect(addedByChange(existing, periods, '2027-05-10')).toEqual(periods);
  });
});
