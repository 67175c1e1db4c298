import middy from '@middy/core';
import { type NudgeTaskInput, nudgeTask } from '#shared/tasks/taskSteps.ts';

/** Step Functions task: reminds the assignee of a task whose deadline passed, or escalates it to the bureau. */
export const handler = middy<NudgeTaskInput, Awaited<ReturnType<typeof nudgeTask>>>().handler((input) =>
  nudgeTask(input),
);
