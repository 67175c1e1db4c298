import { ValidationException } from '@aws-sdk/client-scheduler';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({
  now: new Date('2027-03-05T02:00:00Z'),
  scheduled: [] as unknown[],
  opened: [] as unknown[],
  scheduleFails: undefined as Error | undefined,
}));

vi.mock('#shared/clock.ts', () => ({ now: () => calls.now }));
vi.mock('#shared/report/reportWorkflow.ts', () => ({
  startReportReview: async (opening: unknown) => {
    calls.opened.push(opening);
    return { started: true };
  },
}));
vi.mock('#shared/scheduling/periodSchedules.ts', () => ({
  scheduleReportPeriodOpening: async (opening: unknown) => {
    if (calls.scheduleFails) throw calls.scheduleFails;
    calls.scheduled.push(opening);
  },
}));

const { openOrScheduleReportPeriod } = await import('#shared/scheduling/periodOpening.ts');

beforeEach(() => {
  calls.now = new Date('2027-03-05T02:00:00Z');
  calls.scheduled = [];
  calls.opened = [];
  calls.scheduleFails = undefined;
});

const refusedAsPast = () =>
  new ValidationException({
    message: 'Invalid Schedule Expression',
    Message: 'Invalid Schedule Expression',
    $metadata: {},
  });

describe('opening a period or scheduling it', () => {
  it('opens a period that began days ago at once, with no schedule', async () => {
    const opening = { reportId: 'a.period-1', start: '2027-03-01' };
    expect(await openOrScheduleReportPeriod(opening)).toBe('opened');
    expect(calls.opened).toEqual([opening]);
    expect(calls.scheduled).toEqual([]);
  });

  it('schedules a period still to come and opens nothing', async () => {
    const opening = { reportId: 'a.period-2', start: '2027-06-01' };
    expect(await openOrScheduleReportPeriod(opening)).toBe('scheduled');
    expect(calls.scheduled).toEqual([opening]);
    expect(calls.opened).toEqual([]);
  });

  it('opens at once when its day began while the schedule was asked for', async () => {
    calls.now = new Date('2027-03-05T15:59:59Z');
    calls.scheduleFails = refusedAsPast();
    const opening = { reportId: 'a.period-2', start: '2027-03-06' };
    const pending = openOrScheduleReportPeriod(opening);
    calls.now = new Date('2027-03-05T16:01:00Z');
    expect(await pending).toBe('opened');
    expect(calls.opened).toEqual([opening]);
  });

  it('passes on a refused schedule when the period has not begun', async () => {
    calls.scheduleFails = refusedAsPast();
    await expect(openOrScheduleReportPeriod({ reportId: 'a.period-2', start: '2027-06-01' })).rejects.toBe(
      calls.scheduleFails,
    );
    expect(calls.opened).toEqual([]);
  });
});
