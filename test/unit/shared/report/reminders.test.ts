import { describe, expect, it } from 'vitest';
import {
  dueDatesToChase,
  overdueAt,
  reminderKey,
  reminderPolicyFrom,
  submissionWaitSeconds,
} from '#shared/report/reminders.ts';

describe('dueDatesToChase', () => {
  it('chases reports due in 7 days, tomorrow and today', () => {
    expect(
      dueDatesToChase('2027-03-14').map(({ due, daysBefore }) => [due, reminderKey(daysBefore)]),
    ).toEqual([
      ['2027-03-21', 'reminder-7'],
      ['2027-03-15', 'reminder-1'],
      ['2027-03-14', 'reminder-0'],
    ]);
  });

  it('counts across month ends, year ends and leap days', () => {
    expect(dueDatesToChase('2028-02-25').map(({ due }) => due)).toEqual([
      '2028-03-03',
      '2028-02-26',
      '2028-02-25',
    ]);
    expect(
      dueDatesToChase('2027-12-31', { daysBefore: [1], overdueAfterDays: 30 }).map(({ due }) => due),
    ).toEqual(['2028-01-01']);
    expect(
      dueDatesToChase('2027-02-28', { daysBefore: [1], overdueAfterDays: 30 }).map(({ due }) => due),
    ).toEqual(['2027-03-01']);
  });

  it('sends a configured day once even when it is listed twice', () => {
    expect(dueDatesToChase('2027-01-10', { daysBefore: [3, 3], overdueAfterDays: 7 })).toHaveLength(1);
  });
});

describe('overdueAt', () => {
  it('is the end of the 14th day after the due date, China time, across a leap day', () => {
    expect(overdueAt('2028-02-20')).toBe('2028-03-05T16:00:00.000Z');
    expect(overdueAt('2027-02-20')).toBe('2027-03-06T16:00:00.000Z');
  });

  it('follows a configured number of days, over a year end', () => {
    expect(overdueAt('2027-12-25', { daysBefore: [], overdueAfterDays: 7 })).toBe('2028-01-01T16:00:00.000Z');
  });
});

describe('submissionWaitSeconds', () => {
  const report = { overdueAt: '2027-04-25T16:00:00.000Z' };

  it('waits until the report falls overdue', () => {
    expect(submissionWaitSeconds(report, new Date('2027-04-24T16:00:00.000Z'), false)).toBe(86_400);
  });

  it('gives a revision 14 days even when that runs past the overdue moment', () => {
    expect(submissionWaitSeconds(report, new Date('2027-04-24T16:00:00.000Z'), true)).toBe(14 * 86_400);
  });

  it('never waits less than a minute, even when started late', () => {
    expect(submissionWaitSeconds(report, new Date('2027-05-30T00:00:00.000Z'), false)).toBe(60);
  });
});

describe('reminderPolicyFrom', () => {
  it('defaults to 7, 1 and 0 days before, overdue after 14', () => {
    expect(reminderPolicyFrom({})).toEqual({ daysBefore: [7, 1, 0], overdueAfterDays: 14 });
  });

  it("reads the programme's configuration, largest first, each day once", () => {
    expect(reminderPolicyFrom({ REMINDER_DAYS_BEFORE: '3, 10,3', OVERDUE_AFTER_DAYS: '30' })).toEqual({
      daysBefore: [10, 3],
      overdueAfterDays: 30,
    });
  });

  it('refuses a configuration that is not whole days', () => {
    expect(() => reminderPolicyFrom({ REMINDER_DAYS_BEFORE: '7,1.5' })).toThrow(/REMINDER_DAYS_BEFORE/);
    expect(() => reminderPolicyFrom({ OVERDUE_AFTER_DAYS: '-1' })).toThrow(/OVERDUE_AFTER_DAYS/);
  });
});
