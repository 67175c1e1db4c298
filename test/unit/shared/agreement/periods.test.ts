import { describe, expect, it } from 'vitest';
import { cadences, periodsFromChange, type ReportPeriod, reportPeriods } from '#shared/agreement/periods.ts';
import { addDays, addMonthsClamped } from '#shared/chinaTime.ts';

// Expected schedules were computed with a separate script (Python's dateutil.relativedelta).

function asRows(periods: readonly ReportPeriod[]): [number, string, string, string][] {
  return periods.map(({ index, start, end, due }) => [index, start, end, due]);
}

describe('addMonthsClamped', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-05-31', -14, '2023-03-31'],
    ['2024-11-15', 2, '2025-01-15'],
    ['2024-06-15', 0, '2024-06-15'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    // Act
    const result = addMonthsClamped(date, months);

    // Assert
    expect(result).toBe(expected);
  });

  it('refuses a fraction of a month', () => {
    // Act
    const adding = () => addMonthsClamped('2024-01-15', 1.5);

    // Assert
    expect(adding).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2024-06-15', 0, '2024-06-15'],
  ])('%s plus %i days is %s', (date, days, expected) => {
    // Act
    const result = addDays(date, days);

    // Assert
    expect(result).toBe(expected);
  });

  it('adds whole days across a change to summer time', () => {
    // Arrange: in Europe 2024-03-31 has 23 hours; a day must still be a day in any server time zone.
    const date = '2024-03-30';

    // Act
    const result = [addDays(date, 1), addDays(date, 2)];

    // Assert
    expect(result).toEqual(['2024-03-31', '2024-04-01']);
  });
});

describe('reportPeriods over a one-year term', () => {
  const termStart = '2025-03-01';
  const termEnd = '2026-02-28';

  it('gives twelve monthly periods', () => {
    // Act
    const periods = reportPeriods(termStart, termEnd, 'monthly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2025-03-01', '2025-03-31', '2025-04-10'],
      [2, '2025-04-01', '2025-04-30', '2025-05-10'],
      [3, '2025-05-01', '2025-05-31', '2025-06-10'],
      [4, '2025-06-01', '2025-06-30', '2025-07-10'],
      [5, '2025-07-01', '2025-07-31', '2025-08-10'],
      [6, '2025-08-01', '2025-08-31', '2025-09-10'],
      [7, '2025-09-01', '2025-09-30', '2025-10-10'],
      [8, '2025-10-01', '2025-10-31', '2025-11-10'],
      [9, '2025-11-01', '2025-11-30', '2025-12-10'],
      [10, '2025-12-01', '2025-12-31', '2026-01-10'],
      [11, '2026-01-01', '2026-01-31', '2026-02-10'],
      [12, '2026-02-01', '2026-02-28', '2026-03-10'],
    ]);
  });

  it('gives four quarterly periods aligned to the term start, not to calendar quarters', () => {
    // Act
    const periods = reportPeriods(termStart, termEnd, 'quarterly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2025-03-01', '2025-05-31', '2025-06-10'],
      [2, '2025-06-01', '2025-08-31', '2025-09-10'],
      [3, '2025-09-01', '2025-11-30', '2025-12-10'],
      [4, '2025-12-01', '2026-02-28', '2026-03-10'],
    ]);
  });

  it('gives two half-yearly periods', () => {
    // Act
    const periods = reportPeriods(termStart, termEnd, 'halfYearly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2025-03-01', '2025-08-31', '2025-09-10'],
      [2, '2025-09-01', '2026-02-28', '2026-03-10'],
    ]);
  });

  it('gives one yearly period', () => {
    // Act
    const periods = reportPeriods(termStart, termEnd, 'yearly');

    // Assert
    expect(asRows(periods)).toEqual([[1, '2025-03-01', '2026-02-28', '2026-03-10']]);
  });

  it('gives no periods when there is no reporting', () => {
    // Act
    const periods = reportPeriods(termStart, termEnd, 'none');

    // Assert
    expect(periods).toEqual([]);
  });

  it('knows every cadence', () => {
    // Act
    const counts = cadences.map((cadence) => reportPeriods(termStart, termEnd, cadence).length);

    // Assert
    expect(counts).toEqual([12, 4, 2, 1, 0]);
  });
});

describe('reportPeriods at month ends and in leap years', () => {
  it('returns to the 31st after shorter months instead of drifting', () => {
    // Act
    const periods = reportPeriods('2024-01-31', '2025-01-30', 'quarterly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-31', '2024-04-29', '2024-05-09'],
      [2, '2024-04-30', '2024-07-30', '2024-08-09'],
      [3, '2024-07-31', '2024-10-30', '2024-11-09'],
      [4, '2024-10-31', '2025-01-30', '2025-02-09'],
    ]);
  });

  it('starts monthly periods from the 31st on the last day of each shorter month', () => {
    // Act
    const periods = reportPeriods('2024-01-31', '2024-05-30', 'monthly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-31', '2024-02-28', '2024-03-09'],
      [2, '2024-02-29', '2024-03-30', '2024-04-09'],
      [3, '2024-03-31', '2024-04-29', '2024-05-09'],
      [4, '2024-04-30', '2024-05-30', '2024-06-09'],
    ]);
  });

  it('handles a term starting on 29 February', () => {
    // Act
    const periods = reportPeriods('2024-02-29', '2025-02-27', 'halfYearly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-02-29', '2024-08-28', '2024-09-07'],
      [2, '2024-08-29', '2025-02-27', '2025-03-09'],
    ]);
  });

  it('includes 29 February in a term across February 2024', () => {
    // Act
    const periods = reportPeriods('2023-11-30', '2024-05-29', 'quarterly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2023-11-30', '2024-02-28', '2024-03-09'],
      [2, '2024-02-29', '2024-05-29', '2024-06-08'],
    ]);
  });
});

describe('reportPeriods at the end of a term', () => {
  it('gives a term shorter than one period a single period ending with the term', () => {
    // Act
    const periods = reportPeriods('2024-03-01', '2024-04-15', 'quarterly');

    // Assert
    expect(asRows(periods)).toEqual([[1, '2024-03-01', '2024-04-15', '2024-04-25']]);
  });

  it('gives a one-day term one period', () => {
    // Act
    const periods = reportPeriods('2024-03-01', '2024-03-01', 'yearly');

    // Assert
    expect(asRows(periods)).toEqual([[1, '2024-03-01', '2024-03-01', '2024-03-11']]);
  });

  it('clips the final period to the term end', () => {
    // Act
    const periods = reportPeriods('2024-01-01', '2024-08-15', 'quarterly');

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-01', '2024-03-31', '2024-04-10'],
      [2, '2024-04-01', '2024-06-30', '2024-07-10'],
      [3, '2024-07-01', '2024-08-15', '2024-08-25'],
    ]);
  });
});

describe('reportPeriods due dates', () => {
  it('falls due across month and year ends', () => {
    // Act
    const periods = reportPeriods('2024-10-01', '2025-09-30', 'quarterly', { dueAfterDays: 15 });

    // Assert
    expect(periods.map((period) => period.due)).toEqual([
      '2025-01-15',
      '2025-04-15',
      '2025-07-15',
      '2025-10-15',
    ]);
  });

  it('falls due across the end of February in a leap year', () => {
    // Act
    const periods = reportPeriods('2023-12-31', '2024-03-30', 'monthly', { dueAfterDays: 31 });

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2023-12-31', '2024-01-30', '2024-03-01'],
      [2, '2024-01-31', '2024-02-28', '2024-03-30'],
      [3, '2024-02-29', '2024-03-30', '2024-04-30'],
    ]);
  });

  it('can fall due on the last day of the period', () => {
    // Act
    const periods = reportPeriods('2024-01-01', '2024-02-29', 'monthly', { dueAfterDays: 0 });

    // Assert
    expect(periods.map((period) => [period.end, period.due])).toEqual([
      ['2024-01-31', '2024-01-31'],
      ['2024-02-29', '2024-02-29'],
    ]);
  });

  it.each([-1, 2.5])('refuses %d days to the due date', (dueAfterDays) => {
    // Act
    const scheduling = () => reportPeriods('2024-01-01', '2024-12-31', 'quarterly', { dueAfterDays });

    // Assert
    expect(scheduling).toThrow(RangeError);
  });
});

describe('reportPeriods validation', () => {
  it.each([
    ['2023-02-29', '2023-12-31', 'termStart 2023-02-29 is not a calendar date'],
    ['2024-01-01', '2024-04-31', 'termEnd 2024-04-31 is not a calendar date'],
    ['2024-13-01', '2024-12-31', 'termStart 2024-13-01 is not a calendar date'],
    ['2024-01-00', '2024-12-31', 'termStart 2024-01-00 is not a calendar date'],
    ['2024-1-1', '2024-12-31', 'termStart must be a date written YYYY-MM-DD, not "2024-1-1"'],
    ['2024-01-01T00:00:00Z', '2024-12-31', 'termStart must be a date written YYYY-MM-DD'],
    ['2024-01-01', '', 'termEnd must be a date written YYYY-MM-DD, not ""'],
    ['2024-07-01', '2024-06-30', 'termEnd 2024-06-30 is before termStart 2024-07-01'],
  ])('refuses a term from %j to %j', (termStart, termEnd, message) => {
    // Act
    const scheduling = () => reportPeriods(termStart, termEnd, 'quarterly');

    // Assert
    expect(scheduling).toThrow(RangeError);
    expect(scheduling).toThrow(message);
  });

  it('validates the term even when there is no reporting', () => {
    // Act
    const scheduling = () => reportPeriods('2023-02-29', '2023-12-31', 'none');

    // Assert
    expect(scheduling).toThrow(RangeError);
  });

  it('refuses an unknown cadence from untyped input', () => {
    // Arrange
    const cadence = 'weekly' as Parameters<typeof reportPeriods>[2];

    // Act
    const scheduling = () => reportPeriods('2024-01-01', '2024-12-31', cadence);

    // Assert
    expect(scheduling).toThrow('cadence must be one of monthly, quarterly, halfYearly, yearly, none');
  });

  it('accepts 29 February in a leap year', () => {
    // Act
    const periods = reportPeriods('2024-02-29', '2024-02-29', 'monthly');

    // Assert
    expect(periods).toHaveLength(1);
  });
});

describe('periodsFromChange', () => {
  const termEnd = '2024-12-31';
  const quarterly = reportPeriods('2024-01-01', termEnd, 'quarterly');

  it('applies a change made mid-period from the next period', () => {
    // Act
    const periods = periodsFromChange(quarterly, '2024-05-15', 'monthly', termEnd);

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-01', '2024-03-31', '2024-04-10'],
      [2, '2024-04-01', '2024-06-30', '2024-07-10'],
      [3, '2024-07-01', '2024-07-31', '2024-08-10'],
      [4, '2024-08-01', '2024-08-31', '2024-09-10'],
      [5, '2024-09-01', '2024-09-30', '2024-10-10'],
      [6, '2024-10-01', '2024-10-31', '2024-11-10'],
      [7, '2024-11-01', '2024-11-30', '2024-12-10'],
      [8, '2024-12-01', '2024-12-31', '2025-01-10'],
    ]);
  });

  it('keeps a period that starts on the day of the change, as it has already begun', () => {
    // Act
    const periods = periodsFromChange(quarterly, '2024-04-01', 'halfYearly', termEnd);

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-01', '2024-03-31', '2024-04-10'],
      [2, '2024-04-01', '2024-06-30', '2024-07-10'],
      [3, '2024-07-01', '2024-12-31', '2025-01-10'],
    ]);
  });

  it('changes the next period when the change comes on the last day of a period', () => {
    // Act
    const periods = periodsFromChange(quarterly, '2024-03-31', 'halfYearly', termEnd);

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-01', '2024-03-31', '2024-04-10'],
      [2, '2024-04-01', '2024-09-30', '2024-10-10'],
      [3, '2024-10-01', '2024-12-31', '2025-01-10'],
    ]);
  });

  it('aligns the new cadence to the day after the last kept period, even at a month end', () => {
    // Arrange
    const monthly = reportPeriods('2024-01-31', termEnd, 'monthly');

    // Act
    const periods = periodsFromChange(monthly, '2024-03-15', 'quarterly', termEnd);

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-31', '2024-02-28', '2024-03-09'],
      [2, '2024-02-29', '2024-03-30', '2024-04-09'],
      [3, '2024-03-31', '2024-06-29', '2024-07-09'],
      [4, '2024-06-30', '2024-09-29', '2024-10-09'],
      [5, '2024-09-30', '2024-12-30', '2025-01-09'],
      [6, '2024-12-31', '2024-12-31', '2025-01-10'],
    ]);
  });

  it('stops scheduling after the kept periods when reporting is switched off', () => {
    // Act
    const periods = periodsFromChange(quarterly, '2024-05-15', 'none', termEnd);

    // Assert
    expect(periods).toEqual(quarterly.slice(0, 2));
  });

  it('adds nothing when the last kept period already ends the term', () => {
    // Act
    const periods = periodsFromChange(quarterly, '2024-10-01', 'monthly', termEnd);

    // Assert
    expect(periods).toEqual(quarterly);
  });

  it('reschedules from the first period when none has started yet', () => {
    // Act
    const periods = periodsFromChange(quarterly, '2023-12-20', 'halfYearly', termEnd);

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-01-01', '2024-06-30', '2024-07-10'],
      [2, '2024-07-01', '2024-12-31', '2025-01-10'],
    ]);
  });

  it('starts on the day of the change when reporting was off', () => {
    // Act
    const periods = periodsFromChange([], '2024-07-01', 'quarterly', termEnd);

    // Assert
    expect(asRows(periods)).toEqual([
      [1, '2024-07-01', '2024-09-30', '2024-10-10'],
      [2, '2024-10-01', '2024-12-31', '2025-01-10'],
    ]);
  });

  it('passes the days to the due date on to the new periods', () => {
    // Act
    const periods = periodsFromChange(quarterly, '2024-08-01', 'monthly', termEnd, { dueAfterDays: 5 });

    // Assert
    expect(periods.slice(3).map((period) => period.due)).toEqual(['2024-11-05', '2024-12-05', '2025-01-05']);
  });

  it('refuses a change date that is not a calendar date', () => {
    // Act
    const changing = () => periodsFromChange(quarterly, '2024-02-30', 'monthly', termEnd);

    // Assert
    expect(changing).toThrow('changeAt 2024-02-30 is not a calendar date');
  });
});
