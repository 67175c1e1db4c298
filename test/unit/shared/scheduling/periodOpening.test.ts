import { describe, expect, it } from 'vitest';
import { opensAtOnce } from '#shared/scheduling/periodOpening.ts';

describe('whether a period opens at once or on a schedule', () => {
  it('opens at once from the first moment of its first day in China time', () => {
    // 2027-03-01 00:00 in Shanghai is 2027-02-28 16:00 UTC.
    expect(opensAtOnce('2027-03-01', new Date('2027-02-28T16:00:00Z'))).toBe(true);
    expect(opensAtOnce('2027-03-01', new Date('2027-02-28T15:59:59Z'))).toBe(false);
  });

  it('opens at once a period that began days ago (an agreement signed after its term began)', () => {
    expect(opensAtOnce('2027-03-01', new Date('2027-03-05T03:00:00Z'))).toBe(true);
    expect(opensAtOnce('2027-01-01', new Date('2027-05-05T03:00:00Z'))).toBe(true);
  });

  it('schedules a period that starts tomorrow, even late in the evening before', () => {
    expect(opensAtOnce('2027-03-02', new Date('2027-03-01T15:30:00Z'))).toBe(false);
  });
});
