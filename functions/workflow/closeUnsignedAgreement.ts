import middy from '@middy/core';
import { closeUnsigned } from '#shared/agreement/agreementWorkflow.ts';

/** Step Functions task: tells everyone an agreement was not concluded. */
export const handler = middy<
  Parameters<typeof closeUnsigned>[0],
  Awaited<ReturnType<typeof closeUnsigned>>
>().handler((input) => closeUnsigned(input));
