import { notifyEnterprise, recordDemandStep } from '#shared/demand/demandWorkflow.ts';
import { nudgeTask, openTask } from '#shared/tasks/taskSteps.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The demand workflow's steps, by the names its tasks give (`workflows/demandVerification.ts`). */
export const demandSteps = {
  /** Applies one transition of a demand, with its audit entry. */
  record: recordDemandStep,
  /** Emails the enterprise about its demand, once. */
  notify: notifyEnterprise,
  openTask,
  nudgeTask,
};

/** Step Functions task function of the demand workflow. */
export const handler = stageTaskHandler('demand', demandSteps);
