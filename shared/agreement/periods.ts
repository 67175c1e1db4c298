/**
 * Report periods of an agreement term. Dates are ISO calendar dates ('YYYY-MM-DD') and all
 * arithmetic is on UTC days, so the schedule never depends on the server's time zone.
 */

export const cadences = ['monthly', 'quarterly', 'halfYearly', 'yearly', 'none'] as const;
export type Cadence = (typeof cadences)[number];

export interface ReportPeriod {
  /** 1 for the term's first period, counting on across a change of cadence. */
  index: number;
  start: string;
  /** Inclusive. */
  end: string;
  /** The day the report falls due. */
  due: string;
}

export interface ReportPeriodOptions {
  /** Days after a period's end that its report falls due; 10 unless given. */
  dueAfterDays?: number;
}

const monthsPerPeriod: Record<Exclude<Cadence, 'none'>, number> = {
  monthly: 1,
  quarterly: 3,
  halfYearly: 6,
  yearly: 12,
};

const defaultDueAfterDays = 10;
const millisecondsPerDay = 86_400_000;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

/** Date.UTC maps years 0–99 to the 1900s; setUTCFullYear does not. */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function parseDate(text: string, label: string): CalendarDate {
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

function formatDate(date: Date): string {
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
  const { year, month, day } = parseDate(date, 'date');
  return formatDate(new Date(utcDate(year, month, day).getTime() + days * millisecondsPerDay));
}

/** Adds calendar months, keeping the day unless the target month is shorter: 2024-01-31 + 1 → 2024-02-29. */
export function addMonthsClamped(date: string, months: number): string {
  assertWholeNumber(months, 'months');
  const { year, month, day } = parseDate(date, 'date');
  const monthsSinceYearZero = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthsSinceYearZero / 12);
  const targetMonth = monthsSinceYearZero - targetYear * 12 + 1;
  return formatDate(utcDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth))));
}

function dueAfterDaysOf(options: ReportPeriodOptions | undefined): number {
  const dueAfterDays = options?.dueAfterDays ?? defaultDueAfterDays;
  assertWholeNumber(dueAfterDays, 'dueAfterDays');
  if (dueAfterDays < 0) {
    throw new RangeError(`dueAfterDays must not be negative, not ${dueAfterDays}`);
  }
  return dueAfterDays;
}

function assertCadence(cadence: Cadence): void {
  if (!cadences.includes(cadence)) {
    throw new RangeError(`cadence must be one of ${cadences.join(', ')}, not ${JSON.stringify(cadence)}`);
  }
}

/** ISO dates of equal length compare correctly as strings. */
function assertOrdered(termStart: string, termEnd: string): void {
  parseDate(termStart, 'termStart');
  parseDate(termEnd, 'termEnd');
  if (termEnd < termStart) {
    throw new RangeError(`termEnd ${termEnd} is before termStart ${termStart}`);
  }
}

function schedule(
  termStart: string,
  termEnd: string,
  cadence: Cadence,
  firstIndex: number,
  dueAfterDays: number,
): ReportPeriod[] {
  if (cadence === 'none') {
    return [];
  }
  const months = monthsPerPeriod[cadence];
  const periods: ReportPeriod[] = [];
  // Each boundary is computed from the term start, never from the previous boundary, so that a
  // term starting on the 31st keeps returning to the 31st instead of drifting to the 28th.
  for (let k = 0; ; k += 1) {
    const start = addMonthsClamped(termStart, k * months);
    if (start > termEnd) {
      return periods;
    }
    const nextStart = addMonthsClamped(termStart, (k + 1) * months);
    const uncappedEnd = addDays(nextStart, -1);
    const end = uncappedEnd < termEnd ? uncappedEnd : termEnd;
    periods.push({ index: firstIndex + k, start, end, due: addDays(end, dueAfterDays) });
  }
}

/** The report periods of a term, aligned to the term start, the last one ending with the term. */
export function reportPeriods(
  termStart: string,
  termEnd: string,
  cadence: Cadence,
  options?: ReportPeriodOptions,
): ReportPeriod[] {
  assertOrdered(termStart, termEnd);
  assertCadence(cadence);
  return schedule(termStart, termEnd, cadence, 1, dueAfterDaysOf(options));
}

/**
 * The periods after a change of cadence on `changeAt`. The change applies from the next period:
 * every period that has started by then is kept as it is, and the new cadence runs from the day
 * after the last kept period, aligned to that day. With no period started yet, the new cadence runs
 * from the first existing period's start, or from `changeAt` when there were no periods at all.
 */
export function periodsFromChange(
  existing: readonly ReportPeriod[],
  changeAt: string,
  newCadence: Cadence,
  termEnd: string,
  options?: ReportPeriodOptions,
): ReportPeriod[] {
  parseDate(changeAt, 'changeAt');
  parseDate(termEnd, 'termEnd');
  assertCadence(newCadence);
  const dueAfterDays = dueAfterDaysOf(options);
  const kept = existing.filter((period) => period.start <= changeAt);
  const lastKept = kept.at(-1);
  const continueFrom = lastKept !== undefined ? addDays(lastKept.end, 1) : (existing[0]?.start ?? changeAt);
  const lastIndex = lastKept?.index ?? 0;
  if (continueFrom > termEnd) {
    return [...kept];
  }
  return [...kept, ...schedule(continueFrom, termEnd, newCadence, lastIndex + 1, dueAfterDays)];
}

/**
 * The periods a change of cadence on `changeAt` adds: every one after the last period that had
 * started by then. The first may start on `changeAt` itself (a term with no periods before).
 */
export function addedByChange(
  existing: readonly ReportPeriod[],
  periods: readonly ReportPeriod[],
  changeAt: string,
): ReportPeriod[] {
  const lastStarted = existing.filter((period) => period.start <= changeAt).at(-1)?.index ?? 0;
  return periods.filter((period) => period.index > lastStarted);
}
