import { now } from '#shared/clock.ts';
import type { Role } from '#shared/identity.ts';
import { nextState, type Transition } from '#shared/records/transitions.ts';
import type { TaskOutcome } from '#shared/tasks/model.ts';

export interface ActorRef {
  readonly sub: string;
  readonly email: string;
  /** The role the actor acted in, or `system` for the workflow itself. */
  readonly role: Role | 'system';
}

export const systemActor: ActorRef = { sub: 'system', email: 'system', role: 'system' };

/** One state change: who, when, from which state to which, why. Never edited once written. */
export interface AuditEntry<State extends string, Action extends string> {
  readonly at: string;
  readonly actor: ActorRef;
  readonly action: Action;
  readonly from: State | null;
  readonly to: State;
  readonly reason?: string;
  /** Makes a retried workflow step a no-op instead of a second entry. */
  readonly eventId: string;
}

export interface WorkflowFailure<State extends string> {
  /** The state the record was in when its workflow failed; a retry returns it there. */
  readonly state: State;
  readonly error: string;
  readonly cause: string;
}

/** A record a workflow moves through states: its history travels with it, in the same item. */
export interface StagedRecord<State extends string, Action extends string> {
  readonly id: string;
  readonly state: State;
  /** Incremented by every write; a write names the version it read. */
  readonly version: number;
  readonly audit: readonly AuditEntry<State, Action>[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly failure?: WorkflowFailure<State>;
}

/** What a workflow's record step is asked to apply. */
export interface StepInput<Action extends string> {
  readonly action: Action;
  /** Who took the step directly (through the API, not a task); the workflow itself otherwise. */
  readonly actor?: ActorRef;
  readonly reason?: string;
  /** The human's answer, for steps that follow a task. */
  readonly outcome?: TaskOutcome;
  /** The caught error, for `fail`. */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
  readonly eventId: string;
}

export interface StepRules<State extends string, Action extends string, Actor extends string> {
  readonly transitions: readonly Transition<State, Action, Actor>[];
  readonly noun: string;
  /** The part an actor plays for this record, from the role they acted in. */
  readonly actorKind: (actor: ActorRef) => Actor;
}

/**
 * The record after one step: the next state from the transition table, an audit entry,
 * the version bumped; a failure remembered (the first one, if it fails again while being
 * retried) or cleared by a retry. Undefined when the step's event was applied already.
 */
export function applyStep<
  State extends string,
  Action extends string,
  Actor extends string,
  Record extends StagedRecord<State, Action>,
>(record: Record, step: StepInput<Action>, rules: StepRules<State, Action, Actor>): Record | undefined {
  if (record.audit.some((entry) => entry.eventId === step.eventId)) return undefined;
  const actor = step.actor ?? step.outcome?.actor ?? systemActor;
  const to = nextState(
    rules.transitions,
    rules.noun,
    record.state,
    rules.actorKind(actor),
    step.action,
    record.failure?.state,
  );
  const at = now().toISOString();
  const reason =
    step.reason || step.outcome?.reason || (step.failure ? (step.failure.Error ?? 'Error') : undefined);
  const entry: AuditEntry<State, Action> = {
    at,
    actor,
    action: step.action,
    from: record.state,
    to,
    eventId: step.eventId,
    ...(reason ? { reason } : {}),
  };
  const { failure: previousFailure, ...rest } = record;
  const failure: WorkflowFailure<State> | undefined =
    step.action === 'fail'
      ? {
          state: previousFailure?.state ?? record.state,
          error: step.failure?.Error ?? 'Error',
          cause: (step.failure?.Cause ?? '').slice(0, 2000),
        }
      : to === 'failed'
        ? previousFailure
        : undefined;
  return {
    ...rest,
    state: to,
    version: record.version + 1,
    updatedAt: at,
    audit: [...record.audit, entry],
    ...(failure ? { failure } : {}),
  } as unknown as Record;
}
