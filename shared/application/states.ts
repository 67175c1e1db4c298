import { nextState, recoveryTransitions, type Transition } from '#shared/records/transitions.ts';

export const applicationStates = [
  'awaiting_endorsement',
  'under_review',
  'returned',
  'approved',
  'rejected',
  'endorsement_declined',
  'expired',
  'failed',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export type ApplicationAction =
  | 'submit'
  | 'endorse'
  | 'decline'
  | 'approve'
  | 'reject'
  | 'return'
  | 'resubmit'
  | 'expire'
  | 'fail'
  | 'retry';

/** Who acts on an application: its applicant, their home institution's research office, the bureau, or the workflow itself. */
export type ApplicationActor = 'applicant' | 'institution' | 'admin' | 'system';

const open: readonly ApplicationState[] = ['awaiting_endorsement', 'under_review', 'returned'];

/**
 * Every allowed move. The admin may act for an institution whose endorsement was
 * escalated to the bureau; nothing else is allowed.
 */
export const applicationTransitions: readonly Transition<
  ApplicationState,
  ApplicationAction,
  ApplicationActor
>[] = [
  { from: null, action: 'submit', actors: ['applicant'], to: 'awaiting_endorsement' },
  { from: 'awaiting_endorsement', action: 'endorse', actors: ['institution', 'admin'], to: 'under_review' },
  {
    from: 'awaiting_endorsement',
    action: 'decline',
    actors: ['institution', 'admin'],
    to: 'endorsement_declined',
  },
  { from: 'under_review', action: 'approve', actors: ['admin'], to: 'approved' },
  { from: 'under_review', action: 'reject', actors: ['admin'], to: 'rejected' },
  { from: 'under_review', action: 'return', actors: ['admin'], to: 'returned' },
  { from: 'returned', action: 'resubmit', actors: ['applicant'], to: 'awaiting_endorsement' },
  ...open.map((from) => ({
    from,
    action: 'expire' as const,
    actors: ['system' as const],
    to: 'expired' as const,
  })),
  ...recoveryTransitions(applicationStates, 'fail', 'retry', 'system', 'admin'),
];

export const terminalApplicationStates: readonly ApplicationState[] = [
  'approved',
  'rejected',
  'endorsement_declined',
  'expired',
];

/**
 * The state an action leads to, or why it may not be taken. `resumeTo` is the state a
 * failed application failed in (only a retry uses it).
 */
export function nextApplicationState(
  from: ApplicationState | null,
  actor: ApplicationActor,
  action: ApplicationAction,
  resumeTo?: ApplicationState,
): ApplicationState {
  return nextState(applicationTransitions, 'an application', from, actor, action, resumeTo);
}
