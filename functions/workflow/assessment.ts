import {
  endAgreementEarly,
  recordAssessmentStep,
  scoreAssessment,
} from '#shared/assessment/assessmentWorkflow.ts';
import { nudgeTask, openTask } from '#shared/tasks/taskSteps.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The assessment workflow's steps, by the names its tasks give (`workflows/assessment.ts`). */
export const assessmentSteps = {
  /** Applies one transition of an assessment (a rating or a grade is kept). */
  record: recordAssessmentStep,
  /** Scores a commissioner's year by the rubric in force. */
  score: scoreAssessment,
  /** An incompetent grade ends the agreement early. */
  endAgreement: endAgreementEarly,
  openTask,
  nudgeTask,
};

/** Step Functions task function of the assessment workflow. */
export const handler = stageTaskHandler('assessment', assessmentSteps);
