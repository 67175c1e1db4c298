import middy from '@middy/core';
import { recordAgreementStep } from '#shared/agreement/agreementWorkflow.ts';

/** Step Functions task: applies one transition of an agreement; a signature names the terms it signed. */
export const handler = middy<
  Parameters<typeof recordAgreementStep>[0],
  Awaited<ReturnType<typeof recordAgreementStep>>
>().handler((input) => recordAgreementStep(input));
