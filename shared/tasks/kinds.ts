import type { Application } from '#shared/application/model.ts';
import type { Assignee, Decision, FormDecision, TaskKind } from '#shared/tasks/model.ts';

interface TaskKindRules {
  /** The decisions offered on the task list. */
  readonly decisions: readonly Decision[];
  /** The decision a task completed through its own form (not the task list) records. */
  readonly formDecision?: FormDecision;
  /** Decisions that must say why. */
  readonly reasonRequired: readonly Decision[];
  readonly assignee: (application: Application) => Assignee;
}

const bureau: Assignee = { role: 'admin' };

/** Who each kind of human step waits for and which answers it accepts. */
export const taskKindRules: Record<TaskKind, TaskKindRules> = {
  'endorse-application': {
    decisions: ['endorse', 'decline'],
    reasonRequired: ['decline'],
    assignee: (application) => ({
      role: 'institution',
      organization: application.form.homeInstitution,
      email: application.form.researchOfficeEmail,
    }),
  },
  'review-application': {
    decisions: ['approve', 'reject', 'return'],
    reasonRequired: ['reject', 'return'],
    assignee: () => bureau,
  },
  'resubmit-application': {
    decisions: [],
    formDecision: 'resubmit',
    reasonRequired: [],
    assignee: (application) => ({
      role: 'commissioner',
      sub: application.applicant.sub,
      email: application.applicant.email,
    }),
  },
  'retry-application': {
    decisions: ['retry'],
    reasonRequired: [],
    assignee: () => bureau,
  },
};

/** One task record per (kind, subject): each return to the step reopens it as a new round. */
export function taskIdFor(kind: TaskKind, subjectId: string): string {
  return `${kind}.${subjectId}`;
}
