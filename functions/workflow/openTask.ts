import middy from '@middy/core';
// This one function opens and nudges the tasks of every stage, so it loads every stage's task subjects.
import '#shared/agreement/agreementTasks.ts';
import '#shared/application/applicationTasks.ts';
import '#shared/assessment/assessmentTasks.ts';
import '#shared/commendation/commendationTasks.ts';
import '#shared/demand/demandTasks.ts';
import '#shared/dispatch/dispatchTasks.ts';
import '#shared/report/reportTasks.ts';
import { type OpenTaskInput, openTask } from '#shared/tasks/taskSteps.ts';

/** Step Functions task: records a pending human task with its token and tells the assignee. */
export const handler = middy<OpenTaskInput, Awaited<ReturnType<typeof openTask>>>().handler((input) =>
  openTask(input),
);
