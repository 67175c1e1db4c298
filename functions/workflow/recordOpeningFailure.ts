import middy from '@middy/core';
import { recordOpeningFailure } from '#shared/assessment/yearOpening.ts';

/** Step Functions task: records why a year's opening stopped. */
export const handler = middy<
  Parameters<typeof recordOpeningFailure>[0],
  Awaited<ReturnType<typeof recordOpeningFailure>>
>().handler((input) => recordOpeningFailure(input));
