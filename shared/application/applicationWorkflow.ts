import { applicationRevisions, applicationTable } from '#shared/application/applicationTable.ts';
import { applicationTaskView } from '#shared/application/applicationTasks.ts';
import type { Application } from '#shared/application/model.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import {
  type ApplicationAction,
  type ApplicationActor,
  type ApplicationState,
  applicationTransitions,
} from '#shared/application/states.ts';
import { joinCommissionerPool } from '#shared/commissioner/commissionerPool.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { recordStep } from '#shared/records/recordStep.ts';
import type { StepInput, StepRules } from '#shared/records/stagedRecord.ts';
import { tellPartyOfActOnBehalf } from '#shared/tasks/actingOnBehalf.ts';
import { parseInput } from '#shared/validation.ts';

/*
 * The application workflow's steps, each safe to run twice: the state machine retries a
 * failed step, and the embedded runtime re-runs one interrupted by a crash.
 */

async function loadApplication(id: string): Promise<Application> {
  const application = await applicationTable.get(id);
  if (!application) throw noSuchRecord('application', id);
  return application;
}

export interface RecordApplicationStepInput extends StepInput<ApplicationAction> {
  readonly applicationId: string;
}

const stepRules: StepRules<ApplicationState, ApplicationAction, ApplicationActor> = {
  transitions: applicationTransitions,
  noun: 'an application',
  actorKind: (actor) => {
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
  },
};

/** Applies one transition with a conditional write and an audit entry; a replayed event changes nothing. */
export const recordApplicationStep = recordStep<Application, RecordApplicationStepInput>({
  table: applicationTable,
  rules: stepRules,
  id: (input) => input.applicationId,
  enrich: (next, input) =>
    input.action === 'resubmit'
      ? applicationRevisions.revise(
          next,
          parseInput(applicationFormSchema, input.outcome?.payload),
          next.updatedAt,
        )
      : next,
  followUp: async (recorded, input) => {
    // Joined after the approval is recorded, and again when the step is retried: a crash between
    // the two writes must not leave an approved commissioner out of the pool.
    if (recorded.state === 'approved') await joinCommissionerPool(recorded);
    // The research office's endorsement is the one party step here the bureau may record for it.
    await tellPartyOfActOnBehalf({
      outcome: input.outcome,
      subject: applicationTaskView('endorse-application', recorded),
      partyName: recorded.form.homeInstitution,
    });
  },
});

export interface NotifyApplicantInput {
  readonly applicationId: string;
  readonly template: EmailTemplate;
  readonly eventId: string;
}

/** Tells the applicant of a decision, once. */
export async function notifyApplicant(input: NotifyApplicantInput): Promise<{ sent: boolean }> {
  const application = await loadApplication(input.applicationId);
  const subject = applicationTaskView('review-application', application);
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
