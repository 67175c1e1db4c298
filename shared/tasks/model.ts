import type { Role } from '#shared/identity.ts';
import type { ShownActor } from '#shared/records/readViews.ts';
import type { ActorRef, StepOutcome } from '#shared/records/stagedRecord.ts';

export const taskKinds = [
  'endorse-application',
  'review-application',
  'resubmit-application',
  'retry-application',
  'verify-demand',
  'revise-demand',
  'retry-demand',
  'accept-dispatch-commissioner',
  'accept-dispatch-enterprise',
  'rule-on-objection',
  'retry-dispatch',
  'sign-agreement-commissioner',
  'sign-agreement-institution',
  'sign-agreement-enterprise',
  'countersign-agreement',
  'retry-agreement',
  'submit-report',
  'confirm-report',
  'review-report',
  'retry-report',
  'rate-commissioner',
  'grade-commissioner',
  'retry-assessment',
  'collect-panel-scores',
  'approve-commendation',
  'retry-commendation',
] as const;
export type TaskKind = (typeof taskKinds)[number];

/** Answers given on the task list. */
export const listDecisions = [
  'endorse',
  'decline',
  'approve',
  'reject',
  'return',
  'retry',
  'verify',
  'accept',
  'uphold',
  'dismiss',
  'sign',
  'countersign',
  'confirm',
  'dispute',
  'waive',
  'excellent',
  'good',
  'competent',
  'incompetent',
  'close',
] as const;
/** Answers given through a task's own form (the resubmitted application, the submitted report, the rating). */
export type FormDecision = 'resubmit' | 'submit' | 'rate';
export type Decision = (typeof listDecisions)[number] | FormDecision;

/** Whom a human task waits for: a named user, an organisation's office, or a role. */
export interface Assignee {
  readonly role: Role;
  readonly sub?: string;
  readonly email?: string;
  readonly organization?: string;
  /** Only these users (by email) of the role, e.g. one round's panel. */
  readonly members?: readonly string[];
}

export const taskSubjectTypes = [
  'application',
  'demand',
  'dispatch',
  'agreement',
  'report',
  'assessment',
  'commendation',
] as const;
export type TaskSubjectType = (typeof taskSubjectTypes)[number];

export interface TaskSubject {
  readonly type: TaskSubjectType;
  readonly id: string;
  readonly title: string;
}

/** What the workflow receives when a human completes a task (the task token's output). */
export interface TaskOutcome extends StepOutcome {
  readonly decision: Decision;
}

export interface TaskCompletion {
  readonly id: string;
  readonly decision: Decision;
  readonly reason?: string;
  readonly by: ActorRef;
  readonly at: string;
}

/** A pending or finished human step, as stored. The token never leaves the server. */
export interface TaskRecord {
  readonly id: string;
  readonly kind: TaskKind;
  readonly subject: TaskSubject;
  readonly assignee: Assignee;
  /** `cancelled`: the workflow no longer waits for it (the other party declined, say). */
  readonly status: 'open' | 'completed' | 'cancelled';
  /** When this round of the task opened; a reminder or escalation keeps it, so the age stays honest. */
  readonly openedAt: string;
  readonly deadline: string;
  readonly token: string;
  /** Each return to the same step (for example a second review after a resubmission) is a new round. */
  readonly round: number;
  readonly reminders: number;
  readonly escalated: boolean;
  /** Reminder and escalation events already applied, so a retried step is not counted twice. */
  readonly nudges?: readonly string[];
  readonly completion?: TaskCompletion;
  readonly version: number;
}

/** A task as its assignee and the admins see it. */
export interface TaskView {
  readonly id: string;
  readonly kind: TaskKind;
  readonly subject: TaskSubject;
  readonly assignee: Assignee;
  readonly status: 'open' | 'completed' | 'cancelled';
  readonly openedAt: string;
  readonly deadline: string;
  readonly ageSeconds: number;
  readonly round: number;
  readonly reminders: number;
  readonly escalated: boolean;
  readonly decisions: readonly Decision[];
  /** Who completed it: in full for the bureau, by role for anyone but the person who did. */
  readonly completion?: Omit<TaskCompletion, 'by'> & { readonly by: ShownActor };
  /** Of `decisions`, those the caller takes only on the assignee's behalf (the bureau, on a party's step). */
  readonly decisionsOnBehalf: readonly Decision[];
}
