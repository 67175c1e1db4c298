import { openAssessmentPage, recordOpeningFailure } from '#shared/assessment/yearOpening.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The assessment year opening's steps, by the names its tasks give (`workflows/assessmentYearOpening.ts`). */
export const assessmentOpeningSteps = {
  /** Opens the assessments of one page of agreements. */
  openPage: openAssessmentPage,
  /** Records why a year's opening stopped. */
  recordFailure: recordOpeningFailure,
};

/** Step Functions task function of the assessment year opening workflow. */
export const handler = stageTaskHandler('assessment opening', assessmentOpeningSteps);
