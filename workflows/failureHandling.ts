import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/**
 * What a task is retried on: Lambda's own transient service errors (as Step Functions names
 * them: https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html),
 * throttling that outlasted the SDK's own retries, and a step's `TransientError`. A domain
 * error (validation, conflict, not found, an unknown step) is not: it goes straight to the
 * task's Catch, as retrying cannot change it.
 */
export const transientErrors: readonly string[] = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  // DynamoDB's throttling errors, then SES v2's.
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'TransientError',
];

/** Retries a task's transient failures (never a token wait's timeout, nor a domain error). */
export function retryTransientFailures(task: sfn.TaskStateBase): void {
  task.addRetry({
    errors: [...transientErrors],
    interval: Duration.seconds(2),
    maxAttempts: 3,
    backoffRate: 2,
  });
}

/**
 * Routes every guarded task's uncaught failure to one recovery path, remembering the
 * task, so that after an admin's retry the workflow resumes exactly where it failed.
 */
export class FailureHandling {
  private readonly resume: sfn.Choice;

  constructor(
    private readonly scope: Construct,
    private readonly recordFailure: sfn.State,
  ) {
    this.resume = new sfn.Choice(scope, 'Resume where it failed').otherwise(
      new sfn.Fail(scope, 'Stop: the failed step is unknown', { error: 'UnknownResumePoint' }),
    );
  }

  /** Retries the task's transient failures, then catches what remains into the recovery path. */
  guard<T extends sfn.TaskStateBase>(task: T): T {
    retryTransientFailures(task);
    this.catchIntoRecovery(task);
    return task;
  }

  /**
   * For a Parallel: no retry of its own (each branch's tasks retry), only the catch into
   * the recovery path; a retry re-runs every branch.
   */
  guardCatchOnly(state: sfn.Parallel): sfn.Parallel {
    this.catchIntoRecovery(state);
    return state;
  }

  private catchIntoRecovery(state: sfn.TaskStateBase | sfn.Parallel): void {
    const note = new sfn.Pass(this.scope, `Note that "${state.stateId}" failed`, {
      result: sfn.Result.fromString(state.stateId),
      resultPath: '$.resumeAt',
    });
    note.next(this.recordFailure);
    state.addCatch(note, { errors: ['States.ALL'], resultPath: '$.failure' });
    this.resume.when(sfn.Condition.stringEquals('$.resumeAt', state.stateId), state);
  }

  /** The Choice a retry ends in; build it after every task has been guarded. */
  resumeChoice(): sfn.Choice {
    return this.resume;
  }
}
