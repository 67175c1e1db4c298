import { describe, expect, it } from 'vitest';
import { formatDeadline } from '#shared/tasks/taskSteps.ts';

describe('formatDeadline', () => {
  it('renders an instant in UTC+8, labelled as such', () => {
    expect(formatDeadline('2030-03-14T02:05:00.000Z')).toBe('2030-03-14 10:05 (UTC+8)');
  });

  it('moves to the next day in China when it is still the evening before in UTC', () => {
    expect(formatDeadline('2030-03-14T17:30:00.000Z')).toBe('2030-03-15 01:30 (UTC+8)');
  });

  it('moves across a month and a year boundary', () => {
    expect(formatDeadline('2029-12-31T16:00:00.000Z')).toBe('2030-01-01 00:00 (UTC+8)');
  });

  it('stays on the same day just before midnight in China', () => {
    expect(formatDeadline('2030-03-14T15:59:00.000Z')).toBe('2030-03-14 23:59 (UTC+8)');
  });

  it('reads an input given with its own offset', () => {
    expect(formatDeadline('2030-03-14T09:00:00+08:00')).toBe('2030-03-14 09:00 (UTC+8)');
  });
});
