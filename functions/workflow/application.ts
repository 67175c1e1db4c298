import { notifyApplicant, recordApplicationStep } from '#shared/application/applicationWorkflow.ts';
import { nudgeTask, openTask } from '#shared/tasks/taskSteps.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The application workflow's steps, by the names its tasks give (`workflows/applicationReview.ts`). */
export const applicationSteps = {
  /** Applies one state transition of an application, with its audit entry. */
  record: recordApplicationStep,
  /** Emails the applicant about a decision. */
  notify: notifyApplicant,
  openTask,
  nudgeTask,
};

/** Step Functions task function of the application workflow. */
export const handler = stageTaskHandler('application', applicationSteps);
