import { nextState, recoveryTransitions, type Transition } from '#shared/records/transitions.ts';

export const agreementStates = [
  'awaiting_signatures',
  'awaiting_countersignature',
  'active',
  'declined',
  'lapsed',
  'terminated',
  'failed',
] as const;
export type AgreementState = (typeof agreementStates)[number];

export type AgreementAction =
  | 'draft'
  | 'sign'
  | 'decline'
  | 'request_countersignature'
  | 'countersign'
  | 'lapse'
  | 'change_cadence'
  | 'terminate'
  | 'import'
  | 'fail'
  | 'retry';

export type AgreementActor = 'admin' | 'commissioner' | 'institution' | 'enterprise' | 'system';

/**
 * Three parties sign in any order, then the bureau countersigns; any party may decline. A
 * party's signature or refusal is its own: the bureau records one only on the party's behalf,
 * which counts as the party's step (`applyStep`).
 */
export const agreementTransitions: readonly Transition<AgreementState, AgreementAction, AgreementActor>[] = [
  { from: null, action: 'draft', actors: ['admin'], to: 'awaiting_signatures' },
  // Signed before the system: the bureau imports it in force (`shared/programmeImport`).
  { from: null, action: 'import', actors: ['admin'], to: 'active' },
  {
    from: 'awaiting_signatures',
    action: 'sign',
    actors: ['commissioner', 'institution', 'enterprise'],
    to: 'awaiting_signatures',
  },
  {
    from: 'awaiting_signatures',
    action: 'decline',
    actors: ['commissioner', 'institution', 'enterprise'],
    to: 'declined',
  },
  {
    from: 'awaiting_signatures',
    action: 'request_countersignature',
    actors: ['system'],
    to: 'awaiting_countersignature',
  },
  { from: 'awaiting_signatures', action: 'lapse', actors: ['system'], to: 'lapsed' },
  { from: 'awaiting_countersignature', action: 'countersign', actors: ['admin'], to: 'active' },
  { from: 'awaiting_countersignature', action: 'decline', actors: ['admin'], to: 'declined' },
  { from: 'awaiting_countersignature', action: 'lapse', actors: ['system'], to: 'lapsed' },
  { from: 'active', action: 'change_cadence', actors: ['admin'], to: 'active' },
  // The annual assessment's incompetent grade ends the term early.
  { from: 'active', action: 'terminate', actors: ['system'], to: 'terminated' },
  ...recoveryTransitions(agreementStates, 'fail', 'retry', 'system', 'admin'),
];

export function nextAgreementState(
  from: AgreementState | null,
  actor: AgreementActor,
  action: AgreementAction,
  resumeTo?: AgreementState,
): AgreementState {
  return nextState(agreementTransitions, 'an agreement', from, actor, action, resumeTo);
}
