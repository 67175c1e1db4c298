import { now } from '#shared/clock.ts';
import type { Role } from '#shared/identity.ts';
import { nextState, type Transition } from '#shared/records/transitions.ts';

/**
 * The party whose own step the bureau recorded (a paper signature it received, say), and why:
 * the assignee the step was waiting for, with the bureau's reason.
 */
export interface OnBehalfOf {
  readonly role: Role;
  readonly sub?: string;
  readonly email?: string;
  readonly organization?: string;
  readonly reason: string;
}

export interface ActorRef {
  readonly sub: string;
  readonly email: string;
  /** The role the actor acted in, or `system` for the workflow itself. */
  readonly role: Role | 'system';
  /** Set when the bureau recorded a party's own step for them: the party, and why. */
  readonly onBehalfOf?: OnBehalfOf;
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

/**
 * Audit entries per page: older entries leave the record a page at a time for an item of
 * their own, so the record holds between one and two pages of the newest (at most
 * 2 × 10 × ~3 KB, a reason being at most 1000 characters) however long the trail grows.
 */
export const auditPageSize = 10;

/**
 * A record a workflow moves through states. Its audit trail grows with what people do, so
 * only the newest entries stay in the record's item (enough to spot a replayed step and
 * to find the latest reason); the older ones are in pages of their own (`stagedTable.ts`).
 */
export interface StagedRecord<State extends string, Action extends string> {
  readonly id: string;
  readonly state: State;
  /** Incremented by every write; a write names the version it read. */
  readonly version: number;
  /** The newest audit entries, oldest first: the trail's tail after `auditPages` full pages. */
  readonly recentAudit: readonly AuditEntry<State, Action>[];
  /** How many pages of `auditPageSize` older entries are stored in items of their own. */
  readonly auditPages: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly failure?: WorkflowFailure<State>;
}

/**
 * A human's answer to a task, as the record step that follows it reads it. Records know nothing of
 * tasks: `TaskOutcome` (`shared/tasks/model.ts`) is this with its decisions named.
 */
export interface StepOutcome {
  readonly decision: string;
  readonly reason?: string;
  readonly actor: ActorRef;
  readonly completionId: string;
  /** The edited form, for a resubmission. */
  readonly payload?: unknown;
}

/** What a workflow's record step is asked to apply. */
export interface StepInput<Action extends string> {
  readonly action: Action;
  /** Who took the step directly (through the API, not a task); the workflow itself otherwise. */
  readonly actor?: ActorRef;
  readonly reason?: string;
  /** The human's answer, for steps that follow a task. */
  readonly outcome?: StepOutcome;
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

/** The reason of the newest recent entry that gives one; empty if none does. */
export function lastReason(record: StagedRecord<string, string>): string {
  return record.recentAudit.findLast((entry) => entry.reason)?.reason ?? '';
}

/**
 * The record as it is stored, and the pages of older entries to store before it: once the
 * tail holds two pages, its oldest page leaves it. A page holds only entries of the record
 * as it was read (a step appends one), so whoever writes it writes the same content.
 */
export function splitAudit<Record extends StagedRecord<string, string>>(
  record: Record,
): { record: Record; pages: { readonly page: number; readonly entries: Record['recentAudit'] }[] } {
  const pages: { page: number; entries: Record['recentAudit'] }[] = [];
  let tail: Record['recentAudit'] = record.recentAudit;
  let stored = record.auditPages;
  while (tail.length >= 2 * auditPageSize) {
    pages.push({ page: stored, entries: tail.slice(0, auditPageSize) });
    tail = tail.slice(auditPageSize);
    stored += 1;
  }
  return pages.length === 0
    ? { record, pages }
    : { record: { ...record, recentAudit: tail, auditPages: stored }, pages };
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
  if (record.recentAudit.some((entry) => entry.eventId === step.eventId)) return undefined;
  const actor = step.actor ?? step.outcome?.actor ?? systemActor;
  // A step recorded on a party's behalf is that party's step; the bureau stays its actor of record.
  const actingAs = actor.onBehalfOf ? { ...actor, role: actor.onBehalfOf.role } : actor;
  const to = nextState(
    rules.transitions,
    rules.noun,
    record.state,
    rules.actorKind(actingAs),
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
    recentAudit: [...record.recentAudit, entry],
    ...(failure ? { failure } : {}),
  } as unknown as Record;
}
