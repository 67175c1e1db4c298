import middy from '@middy/core';
import { activateAgreement } from '#shared/agreement/agreementWorkflow.ts';

/** Step Functions task: writes the report periods of an active agreement and opens (or schedules) each. */
export const handler = middy<
  Parameters<typeof activateAgreement>[0],
  Awaited<ReturnType<typeof activateAgreement>>
>().handler((input) => activateAgreement(input));
