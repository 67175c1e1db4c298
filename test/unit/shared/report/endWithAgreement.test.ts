import { describe, expect, it } from 'vitest';
import { waitsForReport } from '#shared/report/endWithAgreement.ts';
import type { Report } from '#shared/report/model.ts';
import { type ReportState, reportStates } from '#shared/report/states.ts';

const report = (state: ReportState, failedIn?: ReportState) =>
  ({ state, ...(failedIn ? { failure: { state: failedIn, error: 'Error', cause: '' } } : {}) }) as Report;

describe('the periods an early end closes', () => {
  it('are those waiting for the commissioner’s report', () => {
    expect(reportStates.filter((state) => waitsForReport(report(state)))).toEqual([
      'open',
      'revising',
      'overdue',
    ]);
  });

  it('include one a fault stopped while it waited, not one stopped in its review', () => {
    expect(waitsForReport(report('failed', 'overdue'))).toBe(true);
    expect(waitsForReport(report('failed', 'confirmed'))).toBe(false);
    expect(waitsForReport(report('failed'))).toBe(false);
  });
});
