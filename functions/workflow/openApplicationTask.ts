import middy from '@middy/core';
import {
  type OpenApplicationTaskInput,
  openApplicationTask,
} from '#shared/application/applicationWorkflow.ts';

/** Step Functions task: Records a pending human task with its token and tells the assignee. */
export const handler = middy<
  OpenApplicationTaskInput,
  Awaited<ReturnType<typeof openApplicationTask>>
>().handler((input) => openApplicationTask(input));
