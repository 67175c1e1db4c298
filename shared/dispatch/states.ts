import { nextState, recoveryTransitions, type Transition } from '#shared/records/transitions.ts';

export const dispatchStates = [
  'awaiting_acceptance',
  'declined',
  'lapsed',
  'in_notice',
  'under_objection',
  'dispatched',
  'withdrawn',
  'failed',
] as const;
export type DispatchState = (typeof dispatchStates)[number];

export type DispatchAction =
  | 'propose'
  | 'accept'
  | 'decline'
  | 'lapse'
  | 'open_notice'
  | 'hold_for_objection'
  | 'uphold'
  | 'dismiss'
  | 'dispatch'
  | 'fail'
  | 'retry';

export type DispatchActor = 'admin' | 'commissioner' | 'enterprise' | 'system';

/**
 * A proposal needs both the commissioner and the enterprise to accept; then a public
 * notice; a standing objection when it closes goes to the bureau to uphold or dismiss.
 */
export const dispatchTransitions: readonly Transition<DispatchState, DispatchAction, DispatchActor>[] = [
  { from: null, action: 'propose', actors: ['admin'], to: 'awaiting_acceptance' },
  {
    from: 'awaiting_acceptance',
    action: 'accept',
    actors: ['commissioner', 'enterprise', 'admin'],
    to: 'awaiting_acceptance',
  },
  {
    from: 'awaiting_acceptance',
    action: 'decline',
    actors: ['commissioner', 'enterprise', 'admin'],
    to: 'declined',
  },
  { from: 'awaiting_acceptance', action: 'lapse', actors: ['system'], to: 'lapsed' },
  { from: 'awaiting_acceptance', action: 'open_notice', actors: ['system'], to: 'in_notice' },
  { from: 'in_notice', action: 'hold_for_objection', actors: ['system'], to: 'under_objection' },
  { from: 'in_notice', action: 'dispatch', actors: ['system'], to: 'dispatched' },
  { from: 'under_objection', action: 'uphold', actors: ['admin'], to: 'withdrawn' },
  { from: 'under_objection', action: 'dismiss', actors: ['admin'], to: 'dispatched' },
  ...recoveryTransitions(dispatchStates, 'fail', 'retry', 'system', 'admin'),
];

export function nextDispatchState(
  from: DispatchState | null,
  actor: DispatchActor,
  action: DispatchAction,
  resumeTo?: DispatchState,
): DispatchState {
  return nextState(dispatchTransitions, 'a dispatch', from, actor, action, resumeTo);
}
