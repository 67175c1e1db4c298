import { getApplication, replaceApplication } from '#shared/application/applicationTable.ts';
import type { ActorRef, Application } from '#shared/application/model.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import {
  type ApplicationAction,
  type ApplicationActor,
  type ApplicationState,
  nextApplicationState,
} from '#shared/application/states.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { NotFoundError } from '#shared/errors.ts';
import { taskIdFor, taskKindRules } from '#shared/tasks/kinds.ts';
import type { Assignee, TaskKind, TaskOutcome } from '#shared/tasks/model.ts';
import { markTaskNudged, openTaskRound } from '#shared/tasks/taskService.ts';
import { parseInput } from '#shared/validation.ts';

/*
 * The application workflow's steps, each safe to run twice: the state machine retries a
 * failed step, and the embedded runtime re-runs one interrupted by a crash.
 */

async function loadApplication(id: string): Promise<Application> {
  const application = await getApplication(id);
  if (!application) throw new NotFoundError(`No application ${id}`);
  return application;
}

/** Deadlines are read in China, where the programme runs. */
export function formatDeadline(iso: string): string {
  const local = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC+8)`;
}

const consoleLink = (path: string) => `${requireEnv('CONSOLE_URL').replace(/\/$/, '')}/#/${path}`;

function recipientsOf(assignee: Assignee): string[] {
  if (assignee.email) return [assignee.email];
  return [requireEnv('BUREAU_EMAIL')];
}

function emailParams(application: Application, extra: Record<string, string>): Record<string, string> {
  const lastReason = [...application.audit].reverse().find((entry) => entry.reason)?.reason ?? '';
  return {
    applicant: application.form.name,
    institution: application.form.homeInstitution,
    link: consoleLink(`applications/${application.id}`),
    reason: lastReason,
    step: application.failure?.state ?? '',
    error: application.failure?.error ?? '',
    ...extra,
  };
}

/** The email that announces a new round of each kind of task. */
const openingEmail: Record<TaskKind, EmailTemplate> = {
  'endorse-application': 'endorsement-requested',
  'review-application': 'review-requested',
  'resubmit-application': 'application-returned',
  'retry-application': 'workflow-failed',
};

export interface OpenApplicationTaskInput {
  readonly taskToken: string;
  readonly kind: TaskKind;
  readonly applicationId: string;
  readonly timeoutSeconds: number;
}

/** The workflow waits on a human: record the task and its token, and tell the assignee. */
export async function openApplicationTask(input: OpenApplicationTaskInput): Promise<{ taskId: string }> {
  const application = await loadApplication(input.applicationId);
  const rules = taskKindRules[input.kind];
  const assignee = rules.assignee(application);
  const { task, newRound } = await openTaskRound({
    id: taskIdFor(input.kind, application.id),
    kind: input.kind,
    subject: { type: 'application', id: application.id, title: application.form.name },
    assignee,
    token: input.taskToken,
    timeoutSeconds: input.timeoutSeconds,
  });
  if (newRound) {
    await sendEmailOnce({
      dedupeKey: `${task.id}:round-${task.round}:opened`,
      to: recipientsOf(assignee),
      template: openingEmail[input.kind],
      params: emailParams(application, { deadline: formatDeadline(task.deadline) }),
    });
  }
  return { taskId: task.id };
}

/** Who is nudged, and with which email, when a task's deadline passes. */
const nudgeEmail: Record<TaskKind, Record<'reminder' | 'escalation', EmailTemplate>> = {
  'endorse-application': { reminder: 'endorsement-reminder', escalation: 'endorsement-escalated' },
  'review-application': { reminder: 'review-escalated', escalation: 'review-escalated' },
  'resubmit-application': { reminder: 'resubmission-reminder', escalation: 'resubmission-reminder' },
  'retry-application': { reminder: 'workflow-failed', escalation: 'workflow-failed' },
};

export interface NudgeApplicationTaskInput {
  readonly kind: TaskKind;
  readonly applicationId: string;
  readonly level: 'reminder' | 'escalation';
  /** How long the workflow will wait after this nudge; the email names that deadline. */
  readonly nextTimeoutSeconds: number;
  readonly eventId: string;
}

/** A task's deadline passed: remind its assignee, or escalate it to the bureau. */
export async function nudgeApplicationTask(input: NudgeApplicationTaskInput): Promise<{ sent: boolean }> {
  const application = await loadApplication(input.applicationId);
  const task = await markTaskNudged(taskIdFor(input.kind, application.id), input.level, input.eventId);
  if (!task) return { sent: false };
  const to =
    input.level === 'escalation'
      ? [requireEnv('BUREAU_EMAIL')]
      : recipientsOf(taskKindRules[input.kind].assignee(application));
  const deadline = new Date(now().getTime() + input.nextTimeoutSeconds * 1000).toISOString();
  const result = await sendEmailOnce({
    dedupeKey: `${input.eventId}:${input.level}`,
    to,
    template: nudgeEmail[input.kind][input.level],
    params: emailParams(application, { deadline: formatDeadline(deadline) }),
  });
  return { sent: result === 'sent' };
}

export interface RecordApplicationStepInput {
  readonly applicationId: string;
  readonly action: ApplicationAction;
  /** The human's answer, for steps that follow a task. */
  readonly outcome?: TaskOutcome;
  /** The caught error, for `fail`. */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
  readonly eventId: string;
}

const systemActor: ActorRef = { sub: 'system', email: 'system', role: 'system' };

function actorKind(actor: ActorRef): ApplicationActor {
  switch (actor.role) {
    case 'institution':
      return 'institution';
    case 'admin':
      return 'admin';
    case 'commissioner':
      return 'applicant';
    default:
      return 'system';
  }
}

/** Applies one transition with a conditional write and an audit entry; a replayed event changes nothing. */
export async function recordApplicationStep(
  input: RecordApplicationStepInput,
): Promise<{ state: ApplicationState }> {
  const application = await loadApplication(input.applicationId);
  if (application.audit.some((entry) => entry.eventId === input.eventId)) {
    return { state: application.state };
  }
  const actor = input.outcome?.actor ?? systemActor;
  const to = nextApplicationState(
    application.state,
    actorKind(actor),
    input.action,
    application.failure?.state,
  );
  const at = now().toISOString();
  const reason = input.outcome?.reason || (input.failure ? `${input.failure.Error ?? 'Error'}` : undefined);
  let next: Application = {
    ...application,
    state: to,
    version: application.version + 1,
    updatedAt: at,
    audit: [
      ...application.audit,
      {
        at,
        actor,
        action: input.action,
        from: application.state,
        to,
        eventId: input.eventId,
        ...(reason ? { reason } : {}),
      },
    ],
  };
  if (input.action === 'resubmit') {
    const form = parseInput(applicationFormSchema, input.outcome?.payload);
    const revision = application.revision + 1;
    next = {
      ...next,
      form,
      revision,
      revisions: [...application.revisions, { revision, submittedAt: at, form }],
    };
  }
  if (input.action === 'fail') {
    next = {
      ...next,
      failure: {
        // Failing again while being retried keeps the state the first failure interrupted.
        state:
          application.state === 'failed' && application.failure
            ? application.failure.state
            : application.state,
        error: input.failure?.Error ?? 'Error',
        cause: (input.failure?.Cause ?? '').slice(0, 2000),
      },
    };
  }
  if (input.action === 'retry') {
    const { failure: _resolved, ...rest } = next;
    next = rest;
  }
  await replaceApplication(next);
  return { state: to };
}

export interface NotifyApplicantInput {
  readonly applicationId: string;
  readonly template: EmailTemplate;
  readonly eventId: string;
}

/** Tells the applicant of a decision, once. */
export async function notifyApplicant(input: NotifyApplicantInput): Promise<{ sent: boolean }> {
  const application = await loadApplication(input.applicationId);
  const result = await sendEmailOnce({
    dedupeKey: `${input.eventId}:${input.template}`,
    to: [application.applicant.email],
    template: input.template,
    params: emailParams(application, { deadline: '' }),
  });
  return { sent: result === 'sent' };
}
