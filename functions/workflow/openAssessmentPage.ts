import middy from '@middy/core';
import { openAssessmentPage } from '#shared/assessment/yearOpening.ts';

/** Step Functions task: opens the assessments of one page of agreements. */
export const handler = middy<
  Parameters<typeof openAssessmentPage>[0],
  Awaited<ReturnType<typeof openAssessmentPage>>
>().handler((input) => openAssessmentPage(input));
