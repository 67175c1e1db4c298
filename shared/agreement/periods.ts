import { addDays, addMonthsClamped, assertCalendarDate } from '#shared/chinaTime.ts';

/**
 * Report periods of an agreement term. Dates are ISO calendar dates ('YYYY-MM-DD'), their
 * arithmetic in `shared/chinaTime.ts`, so the schedule never depends on the server's time zone.
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
function assertWholeNumber(value: number, label: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label} must be a whole number, not ${value}`);
  }
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
  assertCalendarDate(termStart, 'termStart');
  assertCalendarDate(termEnd, 'termEnd');
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
  assertCalendarDate(changeAt, 'changeAt');
  assertCalendarDate(termEnd, 'termEnd');
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
