import {
  notifyPanel,
  openRoundNotice,
  publishRound,
  recordRoundStep,
  remindPanel,
  roundProgress,
} from '#shared/commendation/commendationWorkflow.ts';
import { nudgeTask, openTask } from '#shared/tasks/taskSteps.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The commendation round's steps, by the names its tasks give (`workflows/commendationRound.ts`). */
export const commendationSteps = {
  /** Applies one transition of a round (closing the scoring ranks the nominees). */
  record: recordRoundStep,
  /** Asks each panel member to score, once each. */
  notifyPanel,
  /** Past the deadline: reminds each member who still has nominees to score, once each. */
  remindPanel,
  /** Whether every expected panel score is in. */
  progress: roundProgress,
  /** Opens the public notice of an approved list. */
  openNotice: openRoundNotice,
  /** Publishes the list and tells the commended. */
  publish: publishRound,
  openTask,
  nudgeTask,
};

/** Step Functions task function of the commendation workflow. */
export const handler = stageTaskHandler('commendation', commendationSteps);
