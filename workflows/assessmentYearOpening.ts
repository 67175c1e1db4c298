import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { assessmentOpeningSteps } from '#functions/workflow/assessmentOpening.ts';
import { retryTimedOutPage, retryTransientFailures } from '#workflows/failureHandling.ts';
import { stepTask } from '#workflows/stepTask.ts';

type Steps = typeof assessmentOpeningSteps;

/**
 * A programme year's opening: one task per page of agreements opens their assessments,
 * a Choice loops on the page cursor. The state carries the year and a cursor only, never
 * the agreements, and each page adds about seven history events, so even 10,000
 * agreements (100 pages) stay far under an execution's 25,000. A page that keeps failing
 * is recorded as the opening's failure; the bureau resumes it from its cursor.
 * Input: `{ "year": "2026", "attempt": 1, "pagesDone": 0, "cursor": null }`.
 */
export function assessmentYearOpeningDefinition(
  scope: Construct,
  /** `functions/workflow/assessmentOpening.ts` */
  taskFunction: IFunction,
): sfn.IChainable {
  const recordFailure = stepTask<Steps>(scope, 'Record that the opening failed', {
    taskFunction,
    step: 'recordFailure',
    payload: {
      year: sfn.JsonPath.stringAt('$.year'),
      attempt: sfn.JsonPath.numberAt('$.attempt'),
      failure: sfn.JsonPath.objectAt('$.failure'),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  retryTransientFailures(recordFailure);
  recordFailure.addCatch(
    new sfn.Fail(scope, 'Stop: the failure could not be recorded', { error: 'Unrecorded' }),
    { errors: ['States.ALL'] },
  );
  recordFailure.next(new sfn.Fail(scope, 'Stop: the opening failed', { error: 'OpeningFailed' }));

  const openPage = stepTask<Steps>(scope, 'Open the assessments of a page of agreements', {
    taskFunction,
    step: 'openPage',
    payload: {
      year: sfn.JsonPath.stringAt('$.year'),
      attempt: sfn.JsonPath.numberAt('$.attempt'),
      pagesDone: sfn.JsonPath.numberAt('$.pagesDone'),
      cursor: sfn.JsonPath.objectAt('$.cursor'),
    },
    outputPath: '$.Payload',
  });
  // It opens nothing twice.
  retryTimedOutPage(openPage);
  retryTransientFailures(openPage);
  openPage.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

  return openPage.next(
    new sfn.Choice(scope, 'Are there more agreements?')
      .when(sfn.Condition.booleanEquals('$.more', true), openPage)
      .otherwise(new sfn.Succeed(scope, 'Every assessment of the year is open')),
  );
}
