import {
  closeNotice,
  completeDispatch,
  openNotice,
  recordDispatchStep,
  returnToMatching,
} from '#shared/dispatch/dispatchWorkflow.ts';
import { nudgeTask, openTask } from '#shared/tasks/taskSteps.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The dispatch workflow's steps, by the names its tasks give (`workflows/dispatch.ts`). */
export const dispatchSteps = {
  /** Applies one transition of a dispatch: an answer, a ruling, a lapse. */
  record: recordDispatchStep,
  /** Opens the public notice once both parties accepted. */
  openNotice,
  /** Closes the public notice: dispatched, or held for a standing objection. */
  closeNotice,
  /** Marks the demand served and tells everyone the commissioner is dispatched. */
  complete: completeDispatch,
  /** Sends the demand back to matching when a dispatch does not go ahead. */
  returnToMatching,
  openTask,
  nudgeTask,
};

/** Step Functions task function of the dispatch workflow. */
export const handler = stageTaskHandler('dispatch', dispatchSteps);
