import middy from '@middy/core';
import {
  type RecordApplicationStepInput,
  recordApplicationStep,
} from '#shared/application/applicationWorkflow.ts';

/** Step Functions task: Applies one state transition of an application, with its audit entry. */
export const handler = middy<
  RecordApplicationStepInput,
  Awaited<ReturnType<typeof recordApplicationStep>>
>().handler((input) => recordApplicationStep(input));
