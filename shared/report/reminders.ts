import { addDays } from '#shared/agreement/periods.ts';

/** When reports are chased: some days before the due date and on it, then escalated once overdue. */
export interface ReminderPolicy {
  /** Days before the due date to remind on; 0 is the due date itself. */
  readonly daysBefore: readonly number[];
  /** Days after the due date an unsubmitted report is overdue and escalated. */
  readonly overdueAfterDays: number;
}

export const defaultReminderPolicy: ReminderPolicy = { daysBefore: [7, 1, 0], overdueAfterDays: 14 };

export type Nudge = { readonly kind: 'reminder'; readonly daysBefore: number } | { readonly kind: 'overdue' };

/** Names a nudge within its period, so each is sent once: `reminder-7`, `overdue`. */
export function nudgeKey(nudge: Nudge): string {
  return nudge.kind === 'overdue' ? 'overdue' : `reminder-${nudge.daysBefore}`;
}

/**
 * The due dates whose reports are chased on `day`, and how: a report due in 7 days gets
 * its 7-day reminder today. The job reads only those dates, so its reads grow with the
 * reports due, not with the table.
 */
export function dueDatesToChase(day: string, policy: ReminderPolicy = defaultReminderPolicy) {
  const reminders = [...new Set(policy.daysBefore)].map((daysBefore) => ({
    due: addDays(day, daysBefore),
    nudge: { kind: 'reminder', daysBefore } as Nudge,
  }));
  return [...reminders, { due: addDays(day, -policy.overdueAfterDays), nudge: { kind: 'overdue' } as Nudge }];
}

/** The day in China (where the programme runs) of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
