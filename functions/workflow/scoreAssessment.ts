import middy from '@middy/core';
import { scoreAssessment } from '#shared/assessment/assessmentWorkflow.ts';

/** Step Functions task: scores a commissioner's year by the rubric in force. */
export const handler = middy<
  Parameters<typeof scoreAssessment>[0],
  Awaited<ReturnType<typeof scoreAssessment>>
>().handler((input) => scoreAssessment(input));
