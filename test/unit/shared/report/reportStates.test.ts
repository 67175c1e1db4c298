import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from '#shared/errors.ts';
import {
  awaitingSubmission,
  nextReportState,
  type ReportState,
  reportStates,
} from '#shared/report/states.ts';

describe('report transitions', () => {
  it('go scheduled → open → submitted → confirmed → accepted', () => {
    expect(nextReportState(null, 'system', 'schedule')).toBe('scheduled');
    expect(nextReportState('scheduled', 'system', 'open')).toBe('open');
    expect(nextReportState('open', 'commissioner', 'submit')).toBe('submitted');
    expect(nextReportState('submitted', 'enterprise', 'confirm')).toBe('confirmed');
    expect(nextReportState('confirmed', 'admin', 'accept')).toBe('accepted');
  });

  it('send a disputed or returned report back for revision, and take the revision', () => {
    expect(nextReportState('submitted', 'enterprise', 'dispute')).toBe('revising');
    expect(nextReportState('confirmed', 'admin', 'return')).toBe('revising');
    expect(nextReportState('revising', 'commissioner', 'submit')).toBe('submitted');
  });

  it.each([...awaitingSubmission, 'scheduled' as const])(
    'let the bureau alone waive a period %s',
    (state) => {
      expect(nextReportState(state, 'admin', 'waive')).toBe('waived');
      expect(() => nextReportState(state, 'commissioner', 'waive')).toThrow(ForbiddenError);
    },
  );

  it.each([...awaitingSubmission, 'failed' as const])(
    'let only the workflow close a period %s when its agreement ends early',
    (state) => {
      expect(nextReportState(state, 'system', 'close_early')).toBe('closed');
      expect(() => nextReportState(state, 'admin', 'close_early')).toThrow(ForbiddenError);
    },
  );

  it.each(['scheduled', 'submitted', 'confirmed', 'accepted', 'waived'] as const)(
    'leave a period %s as it is when its agreement ends early',
    (state) => {
      expect(() => nextReportState(state, 'system', 'close_early')).toThrow(ConflictError);
    },
  );

  it('let only the workflow make a report overdue, and an overdue report still be submitted', () => {
    expect(nextReportState('open', 'system', 'fall_overdue')).toBe('overdue');
    expect(nextReportState('revising', 'system', 'fall_overdue')).toBe('overdue');
    expect(() => nextReportState('open', 'admin', 'fall_overdue')).toThrow(ForbiddenError);
    expect(nextReportState('overdue', 'commissioner', 'submit')).toBe('submitted');
    expect(nextReportState('overdue', 'system', 'close_unreported')).toBe('unreported');
  });

  it('refuse a submission while scheduled or once submitted, and an acceptance before confirmation', () => {
    expect(() => nextReportState('scheduled', 'commissioner', 'submit')).toThrow(ConflictError);
    expect(() => nextReportState('submitted', 'commissioner', 'submit')).toThrow(ConflictError);
    expect(() => nextReportState('submitted', 'admin', 'accept')).toThrow(ConflictError);
    expect(() => nextReportState('accepted', 'admin', 'return')).toThrow(ConflictError);
  });

  it('let the enterprise confirm or dispute, never the commissioner', () => {
    expect(() => nextReportState('submitted', 'commissioner', 'confirm')).toThrow(ForbiddenError);
    expect(() => nextReportState('submitted', 'commissioner', 'dispute')).toThrow(ForbiddenError);
  });

  it.each(reportStates.filter((state) => state !== 'failed'))(
    'let a step fail in %s and a retry resume there',
    (state: ReportState) => {
      expect(nextReportState(state, 'system', 'fail')).toBe('failed');
      expect(nextReportState('failed', 'admin', 'retry', state)).toBe(state);
    },
  );
});
