import middy from '@middy/core';
import { type NotifyApplicantInput, notifyApplicant } from '#shared/application/applicationWorkflow.ts';

/** Step Functions task: Emails the applicant about a decision. */
export const handler = middy<NotifyApplicantInput, Awaited<ReturnType<typeof notifyApplicant>>>().handler(
  (input) => notifyApplicant(input),
);
