import { nextState, recoveryTransitions, type Transition } from '#shared/records/transitions.ts';

export const reportStates = [
  'scheduled',
  'open',
  'submitted',
  'confirmed',
  'accepted',
  'revising',
  'overdue',
  'waived',
  'unreported',
  'closed',
  'failed',
] as const;
export type ReportState = (typeof reportStates)[number];

/** The states in which the period waits for the commissioner's report (and is reminded and can fall overdue). */
export const awaitingSubmission: readonly ReportState[] = ['open', 'revising', 'overdue'];

export type ReportAction =
  | 'schedule'
  | 'import_accepted'
  | 'import_unreported'
  | 'open'
  | 'submit'
  | 'confirm'
  | 'dispute'
  | 'skip_confirmation'
  | 'accept'
  | 'return'
  | 'fall_overdue'
  | 'waive'
  | 'close_unreported'
  | 'close_early'
  | 'fail'
  | 'retry';

export type ReportActor = 'admin' | 'commissioner' | 'enterprise' | 'system';

/**
 * One report period's report: the clock opens it, the commissioner submits, the enterprise
 * confirms (a dispute sends it back), the bureau accepts (or returns it for revision).
 * Unsubmitted past its deadline it is overdue; the bureau may waive it while it waits, or
 * before it opens (the enterprise closed for the season, say). An agreement that ends early
 * closes the periods still waiting for a report.
 */
export const reportTransitions: readonly Transition<ReportState, ReportAction, ReportActor>[] = [
  { from: null, action: 'schedule', actors: ['system'], to: 'scheduled' },
  // A period that ended before the system: imported with its accepted report, or as unreported.
  { from: null, action: 'import_accepted', actors: ['admin'], to: 'accepted' },
  { from: null, action: 'import_unreported', actors: ['admin'], to: 'unreported' },
  { from: 'scheduled', action: 'open', actors: ['system'], to: 'open' },
  { from: 'scheduled', action: 'waive', actors: ['admin'], to: 'waived' },
  ...awaitingSubmission.flatMap((from) => [
    { from, action: 'submit' as const, actors: ['commissioner' as const], to: 'submitted' as const },
    { from, action: 'waive' as const, actors: ['admin' as const], to: 'waived' as const },
  ]),
  { from: 'open', action: 'fall_overdue', actors: ['system'], to: 'overdue' },
  { from: 'revising', action: 'fall_overdue', actors: ['system'], to: 'overdue' },
  { from: 'overdue', action: 'close_unreported', actors: ['system'], to: 'unreported' },
  // The agreement ended early: a period still waiting for its report (or stopped by a fault
  // while waiting) closes with it.
  ...[...awaitingSubmission, 'failed' as const].map((from) => ({
    from,
    action: 'close_early' as const,
    actors: ['system' as const],
    to: 'closed' as const,
  })),
  // The enterprise's own answer: the bureau records one only on its behalf (`applyStep`).
  { from: 'submitted', action: 'confirm', actors: ['enterprise'], to: 'confirmed' },
  { from: 'submitted', action: 'dispute', actors: ['enterprise'], to: 'revising' },
  { from: 'submitted', action: 'skip_confirmation', actors: ['system'], to: 'confirmed' },
  { from: 'confirmed', action: 'accept', actors: ['admin'], to: 'accepted' },
  { from: 'confirmed', action: 'return', actors: ['admin'], to: 'revising' },
  ...recoveryTransitions(reportStates, 'fail', 'retry', 'system', 'admin'),
];

export function nextReportState(
  from: ReportState | null,
  actor: ReportActor,
  action: ReportAction,
  resumeTo?: ReportState,
): ReportState {
  return nextState(reportTransitions, 'a report', from, actor, action, resumeTo);
}
