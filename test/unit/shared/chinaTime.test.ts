import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsClamped,
  chinaDate,
  chinaDayStart,
  chinaYear,
  formatChinaDeadline,
  isCalendarDate,
  millisecondsPerDay,
  yearOf,
  yearsSpanned,
} from '#shared/chinaTime.ts';

/** Instants from 1971 to 9998, to the millisecond. */
const instant = fc
  .integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(9998, 11, 31) })
  .map((ms) => new Date(ms));
/** Far enough from the years 0001 and 9999 that ten years either way stay within them. */
const calendarDate = fc
  .integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(8999, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('China time', () => {
  it('is the next day in China from 16:00 UTC', () => {
    expect(chinaDate(new Date('2027-03-14T15:59:59Z'))).toBe('2027-03-14');
    expect(chinaDate(new Date('2027-03-14T16:00:00Z'))).toBe('2027-03-15');
    expect(chinaYear(new Date('2029-12-31T16:00:00Z'))).toBe('2030');
  });

  it('starts a day in China at 16:00 UTC the day before', () => {
    expect(chinaDayStart('2030-01-01').toISOString()).toBe('2029-12-31T16:00:00.000Z');
    expect(() => chinaDayStart('2030-02-30')).toThrow(RangeError);
  });

  it('puts every instant within the China day it names', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const start = chinaDayStart(chinaDate(at)).getTime();
        expect(start).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime()).toBeLessThan(start + millisecondsPerDay);
        expect(chinaYear(at)).toBe(yearOf(chinaDate(at)));
      }),
    );
  });

  it('reads the start of a China day as its midnight, and a day as the date it started', () => {
    fc.assert(
      fc.property(calendarDate, (date) => {
        expect(chinaDate(chinaDayStart(date))).toBe(date);
        expect(formatChinaDeadline(chinaDayStart(date).toISOString())).toBe(`${date} 00:00 (UTC+8)`);
      }),
    );
  });
});

describe('formatChinaDeadline', () => {
  it('renders an instant in UTC+8, labelled as such', () => {
    expect(formatChinaDeadline('2030-03-14T02:05:00.000Z')).toBe('2030-03-14 10:05 (UTC+8)');
  });

  it('moves to the next day in China when it is still the evening before in UTC', () => {
    expect(formatChinaDeadline('2030-03-14T17:30:00.000Z')).toBe('2030-03-15 01:30 (UTC+8)');
  });

  it('moves across a month and a year boundary', () => {
    expect(formatChinaDeadline('2029-12-31T16:00:00.000Z')).toBe('2030-01-01 00:00 (UTC+8)');
  });

  it('stays on the same day just before midnight in China', () => {
    expect(formatChinaDeadline('2030-03-14T15:59:00.000Z')).toBe('2030-03-14 23:59 (UTC+8)');
  });

  it('reads an input given with its own offset', () => {
    expect(formatChinaDeadline('2030-03-14T09:00:00+08:00')).toBe('2030-03-14 09:00 (UTC+8)');
  });
});

describe('calendar dates', () => {
  it('takes only real dates written YYYY-MM-DD', () => {
    expect(['2024-02-29', '2023-12-31', '0001-01-01'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(
      ['2023-02-29', '2023-04-31', '2023-13-01', '2023-1-01', '20230101', ''].map(isCalendarDate),
    ).toEqual([false, false, false, false, false, false]);
  });

  it('agrees with the calendar on every year, month and day written with two digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (year, month, day) => {
          const pad = (value: number, width: number) => String(value).padStart(width, '0');
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const date = new Date(0);
          date.setUTCFullYear(year, month - 1, day);
          const real = month >= 1 && month <= 12 && day >= 1 && date.getUTCDate() === day;
          expect(isCalendarDate(text)).toBe(real);
        },
      ),
    );
  });

  it('adds days and takes them away again, a day at a time in order', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -3650, max: 3650 }), (date, days) => {
        const moved = addDays(date, days);
        expect(isCalendarDate(moved)).toBe(true);
        expect(addDays(moved, -days)).toBe(date);
        expect(Math.sign(moved.localeCompare(date))).toBe(Math.sign(days));
        expect(Date.parse(moved) - Date.parse(date)).toBe(days * millisecondsPerDay);
      }),
    );
  });

  it('adds months keeping the day, or the last day of a shorter month', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -120, max: 120 }), (date, months) => {
        const moved = addMonthsClamped(date, months);
        const day = Number(date.slice(8));
        const movedDay = Number(moved.slice(8));
        expect(movedDay).toBeLessThanOrEqual(day);
        if (movedDay < day) expect(addDays(moved, 1).slice(8)).toBe('01');
        const monthIndex = (text: string) => Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7));
        expect(monthIndex(moved) - monthIndex(date)).toBe(months);
      }),
    );
  });

  it('names the years a span of days touches, each once and in order', () => {
    expect(yearsSpanned('2025-07-01', '2027-06-30')).toEqual(['2025', '2026', '2027']);
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 0, max: 3650 }), (start, days) => {
        const end = addDays(start, days);
        const years = yearsSpanned(start, end);
        expect(years[0]).toBe(yearOf(start));
        expect(years.at(-1)).toBe(yearOf(end));
        expect(years.map(Number)).toEqual(years.map((_, k) => Number(yearOf(start)) + k));
      }),
    );
  });
});
