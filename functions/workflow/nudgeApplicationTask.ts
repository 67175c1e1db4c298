import middy from '@middy/core';
import {
  type NudgeApplicationTaskInput,
  nudgeApplicationTask,
} from '#shared/application/applicationWorkflow.ts';

/** Step Functions task: Reminds the assignee of a task whose deadline passed, or escalates it to the bureau. */
export const handler = middy<
  NudgeApplicationTaskInput,
  Awaited<ReturnType<typeof nudgeApplicationTask>>
>().handler((input) => nudgeApplicationTask(input));
