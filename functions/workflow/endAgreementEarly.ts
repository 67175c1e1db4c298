import middy from '@middy/core';
import { endAgreementEarly } from '#shared/assessment/assessmentWorkflow.ts';

/** Step Functions task: an incompetent grade ends the agreement early. */
export const handler = middy<
  Parameters<typeof endAgreementEarly>[0],
  Awaited<ReturnType<typeof endAgreementEarly>>
>().handler((input) => endAgreementEarly(input));
