import { nextState, recoveryTransitions, type Transition } from '#shared/records/transitions.ts';

export const demandStates = [
  'awaiting_verification',
  'returned',
  'verified',
  'proposed',
  'dispatched',
  'expired',
  'failed',
] as const;
export type DemandState = (typeof demandStates)[number];

export type DemandAction =
  | 'post'
  | 'verify'
  | 'return'
  | 'resubmit'
  | 'propose'
  | 'rematch'
  | 'dispatch'
  | 'expire'
  | 'fail'
  | 'retry';

/** The enterprise that posted it, the bureau, or a workflow. */
export type DemandActor = 'enterprise' | 'admin' | 'system';

/**
 * A demand is verified by the bureau, then matched: while one commissioner is proposed
 * nobody else can be, and a decline, a missed deadline or an upheld objection puts it back.
 */
export const demandTransitions: readonly Transition<DemandState, DemandAction, DemandActor>[] = [
  { from: null, action: 'post', actors: ['enterprise'], to: 'awaiting_verification' },
  { from: 'awaiting_verification', action: 'verify', actors: ['admin'], to: 'verified' },
  { from: 'awaiting_verification', action: 'return', actors: ['admin'], to: 'returned' },
  { from: 'returned', action: 'resubmit', actors: ['enterprise'], to: 'awaiting_verification' },
  { from: 'verified', action: 'propose', actors: ['admin'], to: 'proposed' },
  { from: 'proposed', action: 'rematch', actors: ['system'], to: 'verified' },
  { from: 'proposed', action: 'dispatch', actors: ['system'], to: 'dispatched' },
  { from: 'awaiting_verification', action: 'expire', actors: ['system'], to: 'expired' },
  { from: 'returned', action: 'expire', actors: ['system'], to: 'expired' },
  ...recoveryTransitions(demandStates, 'fail', 'retry', 'system', 'admin'),
];

export function nextDemandState(
  from: DemandState | null,
  actor: DemandActor,
  action: DemandAction,
  resumeTo?: DemandState,
): DemandState {
  return nextState(demandTransitions, 'a demand', from, actor, action, resumeTo);
}
