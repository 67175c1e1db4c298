import {
  activateAgreement,
  closeUnsigned,
  recordAgreementStep,
} from '#shared/agreement/agreementWorkflow.ts';
import { nudgeTask, openTask } from '#shared/tasks/taskSteps.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The agreement workflow's steps, by the names its tasks give (`workflows/agreement.ts`). */
export const agreementSteps = {
  /** Applies one transition of an agreement; a signature names the terms it signed. */
  record: recordAgreementStep,
  /** Writes the report periods of an active agreement and opens (or schedules) each. */
  activate: activateAgreement,
  /** Tells everyone an agreement was not concluded. */
  closeUnsigned,
  openTask,
  nudgeTask,
};

/** Step Functions task function of the agreement workflow. */
export const handler = stageTaskHandler('agreement', agreementSteps);
