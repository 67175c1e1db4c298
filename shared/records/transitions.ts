import { ConflictError, ForbiddenError } from '#shared/errors.ts';

/** One allowed move: from a state (null: not yet created), by one of the actors, to a state. */
export interface Transition<State extends string, Action extends string, Actor extends string> {
  readonly from: State | null;
  readonly action: Action;
  readonly actors: readonly Actor[];
  /** `resume` sends a failed record back to the state it failed in. */
  readonly to: State | 'resume';
}

/**
 * The state an action leads to in a transition table, or why it may not be taken: a
 * ForbiddenError when someone else could take it, a ConflictError when nobody can now.
 */
export function nextState<State extends string, Action extends string, Actor extends string>(
  table: readonly Transition<State, Action, Actor>[],
  noun: string,
  from: State | null,
  actor: Actor,
  action: Action,
  resumeTo?: State,
): State {
  const byAction = table.filter((t) => t.from === from && t.action === action);
  const allowed = byAction.find((t) => t.actors.includes(actor));
  if (!allowed) {
    if (byAction.length > 0)
      throw new ForbiddenError(`A ${actor} may not ${action} ${noun}`, { code: 'notForYourRole' });
    throw new ConflictError(
      `${noun} in state ${from ?? '(new)'} does not allow "${action}"`,
      from === null ? undefined : { code: 'notInThisState', params: { state: from } },
    );
  }
  if (allowed.to !== 'resume') return allowed.to;
  if (!resumeTo) throw new ConflictError(`The failed ${noun} does not say which state it failed in`);
  return resumeTo;
}

/**
 * The moves every stage shares: any step can fail, in any state (even after a decision, or
 * while being retried); the bureau's retry resumes where it failed.
 */
export function recoveryTransitions<State extends string, Action extends string, Actor extends string>(
  states: readonly State[],
  fail: Action,
  retry: Action,
  system: Actor,
  admin: Actor,
): Transition<State, Action, Actor>[] {
  return [
    ...states.map((from) => ({ from, action: fail, actors: [system], to: 'failed' as State })),
    { from: 'failed' as State, action: retry, actors: [admin], to: 'resume' },
  ];
}
