import { nextState, recoveryTransitions, type Transition } from '#shared/records/transitions.ts';

export const roundStates = [
  'nominating',
  'scoring',
  'awaiting_approval',
  'in_notice',
  'published',
  'rejected',
  'failed',
] as const;
export type RoundState = (typeof roundStates)[number];

export type RoundAction =
  | 'open'
  | 'nominate'
  | 'assign_panel'
  | 'start_scoring'
  | 'score'
  | 'close_scoring'
  | 'approve'
  | 'reject'
  | 'publish'
  | 'fail'
  | 'retry';

export type RoundActor = 'admin' | 'panel' | 'system';

/**
 * A commendation round: the bureau nominates and assigns the panel, the panel scores, the
 * round ranks, the bureau approves, a public notice runs, the list is published.
 */
export const roundTransitions: readonly Transition<RoundState, RoundAction, RoundActor>[] = [
  { from: null, action: 'open', actors: ['admin'], to: 'nominating' },
  { from: 'nominating', action: 'nominate', actors: ['admin'], to: 'nominating' },
  { from: 'nominating', action: 'assign_panel', actors: ['admin'], to: 'nominating' },
  // The bureau's start is the round's workflow, which records it as its first step.
  { from: 'nominating', action: 'start_scoring', actors: ['system'], to: 'scoring' },
  { from: 'scoring', action: 'score', actors: ['panel'], to: 'scoring' },
  // The last score, or the deadline, closes it; the bureau may close it early with a reason.
  { from: 'scoring', action: 'close_scoring', actors: ['system', 'admin'], to: 'awaiting_approval' },
  { from: 'awaiting_approval', action: 'approve', actors: ['admin'], to: 'in_notice' },
  { from: 'awaiting_approval', action: 'reject', actors: ['admin'], to: 'rejected' },
  { from: 'in_notice', action: 'publish', actors: ['system'], to: 'published' },
  ...recoveryTransitions(roundStates, 'fail', 'retry', 'system', 'admin'),
];

export function nextRoundState(
  from: RoundState | null,
  actor: RoundActor,
  action: RoundAction,
  resumeTo?: RoundState,
): RoundState {
  return nextState(roundTransitions, 'a commendation round', from, actor, action, resumeTo);
}
