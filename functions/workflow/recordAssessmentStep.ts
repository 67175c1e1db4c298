import middy from '@middy/core';
import { recordAssessmentStep } from '#shared/assessment/assessmentWorkflow.ts';

/** Step Functions task: applies one transition of an assessment (a rating or a grade is kept). */
export const handler = middy<
  Parameters<typeof recordAssessmentStep>[0],
  Awaited<ReturnType<typeof recordAssessmentStep>>
>().handler((input) => recordAssessmentStep(input));
