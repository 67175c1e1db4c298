import { describe, expect, it } from 'vitest';
import { chinaDate, dueDatesToChase, nudgeKey } from '#shared/report/reminders.ts';

describe('dueDatesToChase', () => {
  it('chases reports due in 7 days, tomorrow and today, and escalates those 14 days overdue', () => {
    expect(dueDatesToChase('2027-03-14').map(({ due, nudge }) => [due, nudgeKey(nudge)])).toEqual([
      ['2027-03-21', 'reminder-7'],
      ['2027-03-15', 'reminder-1'],
      ['2027-03-14', 'reminder-0'],
      ['2027-02-28', 'overdue'],
    ]);
  });

  it('counts across month ends and leap days', () => {
    expect(dueDatesToChase('2028-02-25').map(({ due }) => due)).toEqual([
      '2028-03-03',
      '2028-02-26',
      '2028-02-25',
      '2028-02-11',
    ]);
    expect(
      dueDatesToChase('2027-12-31', { daysBefore: [1], overdueAfterDays: 30 }).map(({ due }) => due),
    ).toEqual(['2028-01-01', '2027-12-01']);
  });

  it('sends a configured day once even when it is listed twice', () => {
    expect(dueDatesToChase('2027-01-10', { daysBefore: [3, 3], overdueAfterDays: 7 })).toHaveLength(2);
  });
});

describe('chinaDate', () => {
  it('is the next day in China from 16:00 UTC', () => {
    expect(chinaDate(new Date('2027-03-14T15:59:59Z'))).toBe('2027-03-14');
    expect(chinaDate(new Date('2027-03-14T16:00:00Z'))).toBe('2027-03-15');
  });
});
