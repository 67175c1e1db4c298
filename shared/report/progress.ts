import { type OutcomeCounts, outcomeCategories } from '#shared/outcomes.ts';
import type { ReportState } from '#shared/report/states.ts';

/*
 * What an agreement's periods look like to the people who follow them: each period's
 * status and the accepted outcomes against the goals. Pure and free of zod, so the
 * console shows the same figures the API computes.
 */

/** A period's status as shown: its state, except that an open report past its due date is `due`. */
export type PeriodStatus = ReportState | 'due';

export function periodStatus(
  report: { readonly state: ReportState; readonly due: string },
  today: string,
): PeriodStatus {
  return report.state === 'open' && today >= report.due ? 'due' : report.state;
}

interface CountedReport {
  readonly state: ReportState;
  readonly versions: readonly { readonly counts: OutcomeCounts }[];
}

/** What accepted reports add up to: each accepted report's last version, per category. Nothing else counts. */
export function acceptedTotals(reports: readonly CountedReport[]): OutcomeCounts {
  const totals = Object.fromEntries(outcomeCategories.map((category) => [category, 0])) as Record<
    (typeof outcomeCategories)[number],
    number
  >;
  for (const report of reports) {
    const counted = report.state === 'accepted' ? report.versions.at(-1) : undefined;
    if (!counted) continue;
    for (const category of outcomeCategories) totals[category] += counted.counts[category];
  }
  return totals;
}
