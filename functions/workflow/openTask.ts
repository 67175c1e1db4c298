import middy from '@middy/core';
import { type OpenTaskInput, openTask } from '#shared/tasks/taskSteps.ts';

/** Step Functions task: records a pending human task with its token and tells the assignee. */
export const handler = middy<OpenTaskInput, Awaited<ReturnType<typeof openTask>>>().handler((input) =>
  openTask(input),
);
