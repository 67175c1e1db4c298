import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { programmeImportSteps } from '#functions/workflow/programmeImport.ts';
import { retryTimedOutPage, retryTransientFailures } from '#workflows/failureHandling.ts';
import { stepTask } from '#workflows/stepTask.ts';

type Steps = typeof programmeImportSteps;

/** How long a checked import waits for the bureau to confirm it. */
export const importConfirmationTimeout = Duration.days(7);

/**
 * A programme import: the workbook is checked (nothing of the programme written), then waits
 * for the bureau's confirmation, then is written one chunk of rows per task, a Choice looping
 * until the last. The state carries the import's id only; each chunk adds about seven history
 * events, so 26,000 rows (some 300 chunks) stay far under an execution's 25,000.
 * Input: `{ "importId": "import-…" }`.
 */
export function programmeImportDefinition(
  scope: Construct,
  /** `functions/workflow/programmeImport.ts` */
  taskFunction: IFunction,
): sfn.IChainable {
  const importId = sfn.JsonPath.stringAt('$.importId');

  const recordFailure = stepTask<Steps>(scope, 'Record that the import failed', {
    taskFunction,
    step: 'recordFailure',
    payload: { importId, failure: sfn.JsonPath.objectAt('$.failure') },
    resultPath: sfn.JsonPath.DISCARD,
  });
  retryTransientFailures(recordFailure);
  recordFailure.addCatch(
    new sfn.Fail(scope, 'Stop: the failure could not be recorded', { error: 'Unrecorded' }),
    { errors: ['States.ALL'] },
  );
  recordFailure.next(new sfn.Fail(scope, 'Stop: the import failed', { error: 'ImportFailed' }));

  const check = stepTask<Steps>(scope, 'Check every row of the workbook', {
    taskFunction,
    step: 'check',
    payload: { importId },
    resultSelector: { 'passed.$': '$.Payload.passed' },
    resultPath: '$.check',
  });
  // It stages the same rows again.
  retryTimedOutPage(check);
  retryTransientFailures(check);
  check.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

  const recordExpiry = stepTask<Steps>(scope, 'Record that nobody confirmed the import', {
    taskFunction,
    step: 'recordExpiry',
    payload: { importId },
    resultPath: sfn.JsonPath.DISCARD,
  });
  retryTransientFailures(recordExpiry);
  recordExpiry.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });
  recordExpiry.next(new sfn.Succeed(scope, 'The import expired unconfirmed'));

  const awaitConfirmation = stepTask<Steps>(scope, 'Wait for the bureau to confirm the import', {
    taskFunction,
    step: 'awaitConfirmation',
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: { importId, taskToken: sfn.JsonPath.taskToken },
    taskTimeout: sfn.Timeout.duration(importConfirmationTimeout),
    resultPath: sfn.JsonPath.DISCARD,
  });
  retryTransientFailures(awaitConfirmation);
  awaitConfirmation.addCatch(recordExpiry, { errors: ['States.Timeout'], resultPath: '$.failure' });
  awaitConfirmation.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

  const importPage = stepTask<Steps>(scope, 'Write the next chunk of rows', {
    taskFunction,
    step: 'importPage',
    payload: { importId },
    resultSelector: { 'more.$': '$.Payload.more' },
    resultPath: '$.page',
  });
  // It creates nothing twice.
  retryTimedOutPage(importPage);
  retryTransientFailures(importPage);
  importPage.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });
  importPage.next(
    new sfn.Choice(scope, 'Are there more rows to write?')
      .when(sfn.Condition.booleanEquals('$.page.more', true), importPage)
      .otherwise(new sfn.Succeed(scope, 'The programme is imported')),
  );

  awaitConfirmation.next(importPage);
  return check.next(
    new sfn.Choice(scope, 'Did every row pass?')
      .when(sfn.Condition.booleanEquals('$.check.passed', true), awaitConfirmation)
      .otherwise(new sfn.Succeed(scope, 'The workbook was refused; nothing was written')),
  );
}
