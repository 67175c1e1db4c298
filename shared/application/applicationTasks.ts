import { applicationTable } from '#shared/application/applicationTable.ts';
import type { Application } from '#shared/application/model.ts';
import { stateLabel } from '#shared/email/catalogue.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { lastReason } from '#shared/records/stagedRecord.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/** Whom each application task waits for: the research office, the applicant, or the bureau. */
export function applicationTaskAssignee(kind: TaskKind, application: Application): Assignee {
  const { form } = application;
  switch (kind) {
    case 'endorse-application':
      return { role: 'institution', organization: form.homeInstitution, email: form.researchOfficeEmail };
    case 'resubmit-application':
      return { role: 'commissioner', sub: application.applicant.sub, email: application.applicant.email };
    default:
      return { role: 'admin' };
  }
}

/** An application task's assignee, and what its emails say about the application. */
export async function describeApplicationTask(
  kind: TaskKind,
  applicationId: string,
): Promise<TaskSubjectView> {
  const application = await applicationTable.get(applicationId);
  if (!application) throw noSuchRecord('application', applicationId);
  return applicationTaskView(kind, application);
}

/** The same, for a record already read. */
export function applicationTaskView(kind: TaskKind, application: Application): TaskSubjectView {
  const { form } = application;
  const assignee = applicationTaskAssignee(kind, application);
  const latestReason = lastReason(application);
  return {
    title: form.name,
    assignee,
    consolePath: `applications/${application.id}`,
    emailParams: {
      title: form.name,
      applicant: form.name,
      institution: form.homeInstitution,
      reason: latestReason,
      step: stateLabel(application.failure?.state),
      error: application.failure?.error ?? '',
    },
  };
}

taskSubjects.provide('application', describeApplicationTask);
