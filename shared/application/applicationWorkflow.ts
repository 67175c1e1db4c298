import { getApplication, replaceApplication } from '#shared/application/applicationTable.ts';
import { describeApplicationTask } from '#shared/application/applicationTasks.ts';
import type { ActorRef, Application } from '#shared/application/model.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import {
  type ApplicationAction,
  type ApplicationActor,
  type ApplicationState,
  nextApplicationState,
} from '#shared/application/states.ts';
import { now } from '#shared/clock.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { NotFoundError } from '#shared/errors.ts';
import type { TaskOutcome } from '#shared/tasks/model.ts';
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
  const subject = await describeApplicationTask('review-application', application.id);
  const result = await sendEmailOnce({
    dedupeKey: `${input.eventId}:${input.template}`,
    to: [application.applicant.email],
    template: input.template,
    params: {
      ...subject.emailParams,
      link: consoleLink(subject.consolePath),
      deadline: '',
    },
  });
  return { sent: result === 'sent' };
}
