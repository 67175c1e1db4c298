import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { dailyReminderSteps } from '#functions/workflow/dailyReminders.ts';
import { retryTransientFailures } from '#workflows/failureHandling.ts';
import { stepTask } from '#workflows/stepTask.ts';

type Steps = typeof dailyReminderSteps;

/**
 * The day's reminders, started by EventBridge Scheduler every morning: one task per page of
 * reports due on the dates chased that day reminds their commissioners, a Choice loops on the
 * page cursor (the task moves on to the next date when one is done), and a last task publishes
 * the overdue-task count. The state carries the scheduled time, a date index and a cursor
 * only, never the reports, and each page adds seven history events, so 10,000 reports due in
 * a day (some 100 pages) stay far under an execution's 25,000.
 *
 * A page that still fails after its retries fails the execution, after the overdue-task count
 * is published anyway: the reminders of the pages after it are not sent, and that must not go
 * unseen (the state machine's alarm fires). Skipping the page would hide it, and skipping
 * needs a cursor the failed read never gave. The operator starts a new execution with the
 * failed one's input: every email is claimed once, so only the missing reminders go out.
 * Input: `{ "scheduledTime": "2026-03-01T01:00:00Z" }` (Scheduler's
 * `<aws.scheduler.scheduled-time>`); without it, the day the execution started is chased.
 */
export function dailyRemindersDefinition(
  scope: Construct,
  /** `functions/workflow/dailyReminders.ts`: `sendPage` takes `{ scheduledTime, position }` and gives the next page's, with `more`. */
  taskFunction: IFunction,
): sfn.IChainable {
  const outcome = new sfn.Choice(scope, 'Did a page of reminders fail?')
    .when(
      sfn.Condition.isPresent('$.failure'),
      new sfn.Fail(scope, 'Stop: a page of reminders kept failing', {
        error: 'RemindersFailed',
        cause:
          "A page of due reports kept failing after its retries (its error is in the execution's history). Start a new execution with this one's input: reminders already sent are not sent again.",
      }),
    )
    .otherwise(new sfn.Succeed(scope, 'Every reminder of the day is sent'));

  const publish = stepTask<Steps>(scope, 'Publish how many tasks are overdue', {
    taskFunction,
    step: 'publishOverdueTasks',
    payload: {},
    resultSelector: { 'overdueTasks.$': '$.Payload.overdueTasks' },
    resultPath: '$.published',
  });
  retryTransientFailures(publish);
  publish.addCatch(
    new sfn.Fail(scope, 'Stop: the overdue-task count could not be published', {
      error: 'OverdueCountUnpublished',
    }),
    { errors: ['States.ALL'] },
  );
  publish.next(outcome);

  const sendPage = stepTask<Steps>(scope, 'Send the reminders of a page of due reports', {
    taskFunction,
    step: 'sendPage',
    payload: {
      scheduledTime: sfn.JsonPath.stringAt('$.scheduledTime'),
      position: sfn.JsonPath.objectAt('$.position'),
    },
    outputPath: '$.Payload',
  });
  // A page cut off by its function's timeout (or out of memory) may have claimed emails it never
  // sent, and a claim is taken over only once it is five minutes old (sendEmailOnce): retried
  // sooner, the page would skip those reminders for good, so such a page waits past that first.
  // AWS documents these as Lambda.Unknown; the function's own error type is Sandbox.Timedout.
  sendPage.addRetry({
    errors: ['Lambda.Unknown', 'Sandbox.Timedout'],
    interval: Duration.minutes(6),
    maxAttempts: 2,
    backoffRate: 1,
  });
  retryTransientFailures(sendPage);
  sendPage.addCatch(publish, { errors: ['States.ALL'], resultPath: '$.failure' });
  sendPage.next(
    new sfn.Choice(scope, 'Are there more due reports?')
      .when(sfn.Condition.booleanEquals('$.more', true), sendPage)
      .otherwise(publish),
  );

  // A Result, not Parameters: CDK drops a null from Parameters, and the first page has no cursor.
  const firstPage = new sfn.Pass(scope, 'Start at the first due date chased', {
    result: sfn.Result.fromObject({ dateIndex: 0, cursor: null, pagesDone: 0, read: 0, sent: 0 }),
    resultPath: '$.position',
  }).next(sendPage);
  return new sfn.Choice(scope, 'Was the run given the time it was scheduled for?')
    .when(sfn.Condition.isPresent('$.scheduledTime'), firstPage)
    .otherwise(
      new sfn.Pass(scope, 'Chase the day it started', {
        parameters: { scheduledTime: sfn.JsonPath.stringAt('$$.Execution.StartTime') },
      }).next(firstPage),
    );
}
