import middy from '@middy/core';
// This one function opens and nudges the tasks of every stage, so it loads every stage's task subjects.
import '#shared/agreement/agreementTasks.ts';
import '#shared/application/applicationTasks.ts';
import '#shared/assessment/assessmentTasks.ts';
import '#shared/commendation/commendationTasks.ts';
import '#shared/demand/demandTasks.ts';
import '#shared/dispatch/dispatchTasks.ts';
import '#shared/report/reportTasks.ts';
import { type NudgeTaskInput, nudgeTask } from '#shared/tasks/taskSteps.ts';

/** Step Functions task: reminds the assignee of a task whose deadline passed, or escalates it to the bureau. */
export const handler = middy<NudgeTaskInput, Awaited<ReturnType<typeof nudgeTask>>>().handler((input) =>
  nudgeTask(input),
);
