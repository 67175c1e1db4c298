import { describe, expect, it } from 'vitest';
import {
  assertReminderPolicyWorks,
  assertStepsFitOneExecution,
  executionLimitSeconds,
  mustHandOver,
  plannedSubmissionWait,
  recoveryReserveSeconds,
} from '#shared/report/executionLifetime.ts';

const day = 86_400;
const startedAt = '2027-01-01T00:00:00.000Z';
const daysIn = (days: number) => new Date(Date.parse(startedAt) + days * day * 1000);

describe('plannedSubmissionWait', () => {
  it('waits the whole time when it ends inside the execution, with the recovery reserve kept', () => {
    expect(plannedSubmissionWait(startedAt, daysIn(0), 100 * day)).toEqual({
      seconds: 100 * day,
      capped: false,
      handOver: false,
    });
  });

  it("cuts a yearly period's wait (about 389 days) where the execution's year, less the reserve, ends", () => {
    const planned = plannedSubmissionWait(startedAt, daysIn(0), 389 * day);
    expect(planned).toEqual({
      seconds: executionLimitSeconds - recoveryReserveSeconds,
      capped: true,
      handOver: false,
    });
  });

  it('hands over at once when less than a day is left', () => {
    expect(plannedSubmissionWait(startedAt, daysIn(326.5), 30 * day).handOver).toBe(true);
  });
});

describe('mustHandOver', () => {
  it('keeps a 29-day step that ends inside the year and its reserve, hands over one that would not', () => {
    expect(mustHandOver(startedAt, daysIn(290), 29 * day)).toBe(false);
    expect(mustHandOver(startedAt, daysIn(300), 29 * day)).toBe(true);
  });

  it('never lets a step checked at any time end past the year, even with a failure recovered', () => {
    for (let elapsed = 0; elapsed <= 365; elapsed += 1) {
      for (const step of [29, 121]) {
        if (!mustHandOver(startedAt, daysIn(elapsed), step * day)) {
          expect(elapsed + step + recoveryReserveSeconds / day).toBeLessThanOrEqual(365);
        }
      }
    }
  });
});

describe('assertReminderPolicyWorks', () => {
  it('accepts the default and the documented examples', () => {
    expect(() => assertReminderPolicyWorks({ daysBefore: [7, 1, 0], overdueAfterDays: 14 })).not.toThrow();
    expect(() => assertReminderPolicyWorks({ daysBefore: [37, 0], overdueAfterDays: 366 })).not.toThrow();
  });

  it('refuses a reminder that would fall before a monthly period opens, naming the setting and the limit', () => {
    expect(() => assertReminderPolicyWorks({ daysBefore: [60, 7], overdueAfterDays: 14 })).toThrow(
      /REMINDER_DAYS_BEFORE \(context reminderDaysBefore\) must be at most 37 days.*60 days before/,
    );
  });
});

describe('assertStepsFitOneExecution', () => {
  it('refuses a step longer than one execution can hold, naming it and the limit', () => {
    expect(() => assertStepsFitOneExecution({ lateReport: 121 * day })).not.toThrow();
    expect(() => assertStepsFitOneExecution({ lateReport: 2 * 200 * day })).toThrow(
      /lateReport step lasts up to 400 days; a step must end within 327 days/,
    );
  });
});
