import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { retryTransientFailures } from '#workflows/failureHandling.ts';

export interface AssessmentYearOpeningFunctions {
  /** `{ year, attempt, pagesDone, cursor }` → the same for the next page, and `more`. */
  readonly openPage: IFunction;
  /** `{ year, attempt, failure }`: records why the opening stopped. */
  readonly recordFailure: IFunction;
}

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
  fns: AssessmentYearOpeningFunctions,
): sfn.IChainable {
  const recordFailure = new tasks.LambdaInvoke(scope, 'Record that the opening failed', {
    lambdaFunction: fns.recordFailure,
    payload: sfn.TaskInput.fromObject({
      year: sfn.JsonPath.stringAt('$.year'),
      attempt: sfn.JsonPath.numberAt('$.attempt'),
      failure: sfn.JsonPath.objectAt('$.failure'),
    }),
    resultPath: sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  retryTransientFailures(recordFailure);
  recordFailure.addCatch(
    new sfn.Fail(scope, 'Stop: the failure could not be recorded', { error: 'Unrecorded' }),
    { errors: ['States.ALL'] },
  );
  recordFailure.next(new sfn.Fail(scope, 'Stop: the opening failed', { error: 'OpeningFailed' }));

  const openPage = new tasks.LambdaInvoke(scope, 'Open the assessments of a page of agreements', {
    lambdaFunction: fns.openPage,
    payload: sfn.TaskInput.fromObject({
      year: sfn.JsonPath.stringAt('$.year'),
      attempt: sfn.JsonPath.numberAt('$.attempt'),
      pagesDone: sfn.JsonPath.numberAt('$.pagesDone'),
      cursor: sfn.JsonPath.objectAt('$.cursor'),
    }),
    outputPath: '$.Payload',
    retryOnServiceExceptions: false,
  });
  retryTransientFailures(openPage);
  openPage.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

  return openPage.next(
    new sfn.Choice(scope, 'Are there more agreements?')
      .when(sfn.Condition.booleanEquals('$.more', true), openPage)
      .otherwise(new sfn.Succeed(scope, 'Every assessment of the year is open')),
  );
}
