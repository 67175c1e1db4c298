import type { EmailTemplate } from '#shared/email/catalogue.ts';
import type { Decision, FormDecision, TaskKind, TaskSubjectType } from '#shared/tasks/model.ts';

interface TaskKindRules {
  readonly subjectType: TaskSubjectType;
  /** The decisions offered on the task list. */
  readonly decisions: readonly Decision[];
  /** The decision a task completed through its own form (not the task list) records. */
  readonly formDecision?: FormDecision;
  /** Decisions only the bureau may take, though the task is someone else's (waiving a report). */
  readonly bureauOnly?: readonly Decision[];
  /** Decisions that must say why. */
  readonly reasonRequired: readonly Decision[];
  /** Sent to the assignee when a new round of the task opens. */
  readonly openingEmail: EmailTemplate;
  /** Sent instead when the step comes round again (a report returned for revision). */
  readonly reopeningEmail?: EmailTemplate;
  /** Sent when the deadline passes: a reminder to the assignee, an escalation to the bureau. */
  readonly nudgeEmails: Readonly<Record<'reminder' | 'escalation', EmailTemplate>>;
}

/** Each party's signature of an agreement works the same way. */
const signature: TaskKindRules = {
  subjectType: 'agreement',
  decisions: ['sign', 'decline'],
  reasonRequired: ['decline'],
  openingEmail: 'agreement-signature-requested',
  nudgeEmails: { reminder: 'agreement-signature-requested', escalation: 'agreement-signature-requested' },
};

/** Which answers each kind of human step accepts, and how its assignee is told. */
export const taskKindRules: Record<TaskKind, TaskKindRules> = {
  'endorse-application': {
    subjectType: 'application',
    decisions: ['endorse', 'decline'],
    reasonRequired: ['decline'],
    openingEmail: 'endorsement-requested',
    nudgeEmails: { reminder: 'endorsement-reminder', escalation: 'endorsement-escalated' },
  },
  'review-application': {
    subjectType: 'application',
    decisions: ['approve', 'reject', 'return'],
    reasonRequired: ['reject', 'return'],
    openingEmail: 'review-requested',
    nudgeEmails: { reminder: 'review-escalated', escalation: 'review-escalated' },
  },
  'resubmit-application': {
    subjectType: 'application',
    decisions: [],
    formDecision: 'resubmit',
    reasonRequired: [],
    openingEmail: 'application-returned',
    nudgeEmails: { reminder: 'resubmission-reminder', escalation: 'resubmission-reminder' },
  },
  'retry-application': {
    subjectType: 'application',
    decisions: ['retry'],
    reasonRequired: [],
    openingEmail: 'workflow-failed',
    nudgeEmails: { reminder: 'workflow-failed', escalation: 'workflow-failed' },
  },
  'verify-demand': {
    subjectType: 'demand',
    decisions: ['verify', 'return'],
    reasonRequired: ['return'],
    openingEmail: 'demand-verification-requested',
    nudgeEmails: { reminder: 'demand-verification-overdue', escalation: 'demand-verification-overdue' },
  },
  'revise-demand': {
    subjectType: 'demand',
    decisions: [],
    formDecision: 'resubmit',
    reasonRequired: [],
    openingEmail: 'demand-returned',
    nudgeEmails: { reminder: 'demand-revision-reminder', escalation: 'demand-revision-reminder' },
  },
  'retry-demand': {
    subjectType: 'demand',
    decisions: ['retry'],
    reasonRequired: [],
    openingEmail: 'workflow-failed',
    nudgeEmails: { reminder: 'workflow-failed', escalation: 'workflow-failed' },
  },
  'accept-dispatch-commissioner': {
    subjectType: 'dispatch',
    decisions: ['accept', 'decline'],
    reasonRequired: ['decline'],
    openingEmail: 'dispatch-proposed-commissioner',
    nudgeEmails: { reminder: 'dispatch-proposed-commissioner', escalation: 'dispatch-proposed-commissioner' },
  },
  'accept-dispatch-enterprise': {
    subjectType: 'dispatch',
    decisions: ['accept', 'decline'],
    reasonRequired: ['decline'],
    openingEmail: 'dispatch-proposed-enterprise',
    nudgeEmails: { reminder: 'dispatch-proposed-enterprise', escalation: 'dispatch-proposed-enterprise' },
  },
  'rule-on-objection': {
    subjectType: 'dispatch',
    decisions: ['uphold', 'dismiss'],
    reasonRequired: ['uphold', 'dismiss'],
    openingEmail: 'objection-filed',
    nudgeEmails: { reminder: 'objection-overdue', escalation: 'objection-overdue' },
  },
  'retry-dispatch': {
    subjectType: 'dispatch',
    decisions: ['retry'],
    reasonRequired: [],
    openingEmail: 'workflow-failed',
    nudgeEmails: { reminder: 'workflow-failed', escalation: 'workflow-failed' },
  },
  'sign-agreement-commissioner': signature,
  'sign-agreement-institution': signature,
  'sign-agreement-enterprise': signature,
  'countersign-agreement': {
    subjectType: 'agreement',
    decisions: ['countersign', 'decline'],
    reasonRequired: ['decline'],
    openingEmail: 'agreement-countersignature-requested',
    nudgeEmails: {
      reminder: 'agreement-countersignature-overdue',
      escalation: 'agreement-countersignature-overdue',
    },
  },
  'retry-agreement': {
    subjectType: 'agreement',
    decisions: ['retry'],
    reasonRequired: [],
    openingEmail: 'workflow-failed',
    nudgeEmails: { reminder: 'workflow-failed', escalation: 'workflow-failed' },
  },
  'submit-report': {
    subjectType: 'report',
    decisions: ['waive'],
    bureauOnly: ['waive'],
    formDecision: 'submit',
    reasonRequired: ['waive'],
    openingEmail: 'report-period-open',
    reopeningEmail: 'report-returned',
    nudgeEmails: { reminder: 'report-reminder', escalation: 'report-overdue' },
  },
  'confirm-report': {
    subjectType: 'report',
    decisions: ['confirm', 'dispute'],
    reasonRequired: ['dispute'],
    openingEmail: 'report-confirmation-requested',
    nudgeEmails: { reminder: 'report-confirmation-requested', escalation: 'report-confirmation-requested' },
  },
  'review-report': {
    subjectType: 'report',
    decisions: ['accept', 'return'],
    reasonRequired: ['return'],
    openingEmail: 'report-review-requested',
    nudgeEmails: { reminder: 'report-review-requested', escalation: 'report-review-requested' },
  },
  'retry-report': {
    subjectType: 'report',
    decisions: ['retry'],
    reasonRequired: [],
    openingEmail: 'workflow-failed',
    nudgeEmails: { reminder: 'workflow-failed', escalation: 'workflow-failed' },
  },
  'rate-commissioner': {
    subjectType: 'assessment',
    decisions: [],
    formDecision: 'rate',
    reasonRequired: [],
    openingEmail: 'rating-requested',
    nudgeEmails: { reminder: 'rating-requested', escalation: 'rating-requested' },
  },
  'grade-commissioner': {
    subjectType: 'assessment',
    decisions: ['excellent', 'good', 'competent', 'incompetent'],
    reasonRequired: ['incompetent'],
    openingEmail: 'grading-requested',
    nudgeEmails: { reminder: 'grading-requested', escalation: 'grading-requested' },
  },
  'retry-assessment': {
    subjectType: 'assessment',
    decisions: ['retry'],
    reasonRequired: [],
    openingEmail: 'workflow-failed',
    nudgeEmails: { reminder: 'workflow-failed', escalation: 'workflow-failed' },
  },
  'collect-panel-scores': {
    subjectType: 'commendation',
    decisions: ['close'],
    bureauOnly: ['close'],
    formDecision: 'submit',
    reasonRequired: ['close'],
    openingEmail: 'commendation-scoring-opened',
    nudgeEmails: { reminder: 'commendation-scoring-opened', escalation: 'commendation-scoring-opened' },
  },
  'approve-commendation': {
    subjectType: 'commendation',
    decisions: ['approve', 'reject'],
    reasonRequired: ['reject'],
    openingEmail: 'commendation-approval-requested',
    nudgeEmails: {
      reminder: 'commendation-approval-requested',
      escalation: 'commendation-approval-requested',
    },
  },
  'retry-commendation': {
    subjectType: 'commendation',
    decisions: ['retry'],
    reasonRequired: [],
    openingEmail: 'workflow-failed',
    nudgeEmails: { reminder: 'workflow-failed', escalation: 'workflow-failed' },
  },
};

/** One task record per (kind, subject): each return to the step reopens it as a new round. */
export function taskIdFor(kind: TaskKind, subjectId: string): string {
  return `${kind}.${subjectId}`;
}
