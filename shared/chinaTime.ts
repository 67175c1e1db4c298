/*
 * China time and calendar dates, in one place. The programme runs in China, so its days, deadlines and
 * years are China's (UTC+8 all year: no daylight saving since 1991) whatever the server's or the
 * reader's time zone. Calendar dates are ISO strings ('YYYY-MM-DD') and their arithmetic is on UTC days,
 * so nothing depends on the host's zone. Pure functions, no imports: the console uses them too.
 */

/** The zone schedules name (EventBridge Scheduler's `ScheduleExpressionTimezone`). */
export const chinaTimeZone = 'Asia/Shanghai';

const chinaOffsetMs = 8 * 3_600_000;
export const millisecondsPerDay = 86_400_000;

/** The instant as China's wall clock reads it, in the fields of a UTC date. */
function chinaWallClock(instant: Date): string {
  return new Date(instant.getTime() + chinaOffsetMs).toISOString();
}

/** The day in China of an instant. */
export function chinaDate(instant: Date): string {
  return chinaWallClock(instant).slice(0, 10);
}

/** The year in China of an instant, written YYYY. */
export function chinaYear(instant: Date): string {
  return chinaDate(instant).slice(0, 4);
}

/** The instant a calendar day begins in China. */
export function chinaDayStart(date: string): Date {
  parseCalendarDate(date, 'date');
  return new Date(Date.parse(`${date}T00:00:00Z`) - chinaOffsetMs);
}

/** A deadline as read in China, labelled so: `2030-03-14 10:05 (UTC+8)`. */
export function formatChinaDeadline(iso: string): string {
  const local = chinaWallClock(new Date(Date.parse(iso)));
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC+8)`;
}

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Date.UTC maps years 0–99 to the 1900s; setUTCFullYear does not. */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function daysInMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

function parseCalendarDate(text: string, label: string): CalendarDate {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (parts === null) {
    throw new RangeError(`${label} must be a date written YYYY-MM-DD, not ${JSON.stringify(text)}`);
  }
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`${label} ${text} is not a calendar date`);
  }
  return { year, month, day };
}

/** Whether `text` is a real calendar date written YYYY-MM-DD (2023-02-29 is not one). */
export function isCalendarDate(text: string): boolean {
  try {
    parseCalendarDate(text, 'date');
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

function formatCalendarDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new RangeError('date falls outside the years 0001 to 9999');
  }
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function assertWholeNumber(value: number, label: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label} must be a whole number, not ${value}`);
  }
}

export function addDays(date: string, days: number): string {
  assertWholeNumber(days, 'days');
  const { year, month, day } = parseCalendarDate(date, 'date');
  return formatCalendarDate(new Date(utcDate(year, month, day).getTime() + days * millisecondsPerDay));
}

/** Adds calendar months, keeping the day unless the target month is shorter: 2024-01-31 + 1 → 2024-02-29. */
export function addMonthsClamped(date: string, months: number): string {
  assertWholeNumber(months, 'months');
  const { year, month, day } = parseCalendarDate(date, 'date');
  const monthsSinceYearZero = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthsSinceYearZero / 12);
  const targetMonth = monthsSinceYearZero - targetYear * 12 + 1;
  return formatCalendarDate(
    utcDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth))),
  );
}

/** Checks a calendar date, naming it as `label` in the RangeError when it is not one. */
export function assertCalendarDate(text: string, label: string): void {
  parseCalendarDate(text, label);
}

/** The year of a calendar date, written YYYY. */
export function yearOf(date: string): string {
  return date.slice(0, 4);
}

/** The years a span of calendar days touches, in order: 2025-07-01 to 2027-06-30 → 2025, 2026, 2027. */
export function yearsSpanned(start: string, end: string): string[] {
  const years: string[] = [];
  for (let year = Number(yearOf(start)); year <= Number(yearOf(end)); year += 1) {
    years.push(String(year).padStart(4, '0'));
  }
  return years;
}
