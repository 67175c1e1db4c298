import { nextState, recoveryTransitions, type Transition } from '#shared/records/transitions.ts';

export const assessmentStates = [
  'awaiting_rating',
  'rated',
  'rating_lapsed',
  'scored',
  'graded',
  'failed',
] as const;
export type AssessmentState = (typeof assessmentStates)[number];

export type AssessmentAction = 'open' | 'rate' | 'lapse_rating' | 'score' | 'grade' | 'fail' | 'retry';
export type AssessmentActor = 'admin' | 'enterprise' | 'system';

/** The enterprise rates (or lets the deadline pass), the system scores, the bureau grades. */
export const assessmentTransitions: readonly Transition<
  AssessmentState,
  AssessmentAction,
  AssessmentActor
>[] = [
  { from: null, action: 'open', actors: ['admin'], to: 'awaiting_rating' },
  { from: 'awaiting_rating', action: 'rate', actors: ['enterprise'], to: 'rated' },
  { from: 'awaiting_rating', action: 'lapse_rating', actors: ['system'], to: 'rating_lapsed' },
  { from: 'rated', action: 'score', actors: ['system'], to: 'scored' },
  { from: 'rating_lapsed', action: 'score', actors: ['system'], to: 'scored' },
  { from: 'scored', action: 'grade', actors: ['admin'], to: 'graded' },
  ...recoveryTransitions(assessmentStates, 'fail', 'retry', 'system', 'admin'),
];

export function nextAssessmentState(
  from: AssessmentState | null,
  actor: AssessmentActor,
  action: AssessmentAction,
  resumeTo?: AssessmentState,
): AssessmentState {
  return nextState(assessmentTransitions, 'an assessment', from, actor, action, resumeTo);
}
