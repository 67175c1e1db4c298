import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/**
 * Throttling: a service (Lambda's concurrency, DynamoDB, SES's sending rate) said "not now".
 * A burst of executions (a clock that closes a thousand notices at once) meets it all together,
 * so these are retried for minutes, with full jitter so the throttled tasks come back spread out
 * rather than in the same second again.
 */
export const throttlingErrors: readonly string[] = [
  'Lambda.TooManyRequestsException',
  // DynamoDB's throttling errors, then SES v2's.
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
];

/**
 * Lambda's own transient service errors (as Step Functions names them:
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html) and a
 * step's `TransientError`.
 */
export const serviceErrors: readonly string[] = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'TransientError',
];

/**
 * What a task is retried on: throttling and transient service errors. A domain error
 * (validation, conflict, not found, an unknown step) is not: it goes straight to the task's
 * Catch, as retrying cannot change it.
 */
export const transientErrors: readonly string[] = [...throttlingErrors, ...serviceErrors];

/** Retries a task's transient failures (never a token wait's timeout, nor a domain error). */
export function retryTransientFailures(task: sfn.TaskStateBase): void {
  // At most about 8 minutes in all (1, 2, 4, 8, 16, then 30 s each; half that on average with the jitter).
  task.addRetry({
    errors: [...throttlingErrors],
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxDelay: Duration.seconds(30),
    maxAttempts: 20,
    jitterStrategy: sfn.JitterType.FULL,
  });
  task.addRetry({
    errors: [...serviceErrors],
    interval: Duration.seconds(2),
    maxAttempts: 3,
    backoffRate: 2,
  });
}

/**
 * Retries, twice, a page of a paged job that its function's timeout cut off (AWS reports it as
 * Lambda.Unknown; the function's own error type is Sandbox.Timedout): for a page whose work is
 * idempotent, so that doing it again creates nothing twice.
 */
export function retryTimedOutPage(task: sfn.TaskStateBase): void {
  task.addRetry({
    errors: ['Lambda.Unknown', 'Sandbox.Timedout'],
    interval: Duration.seconds(10),
    maxAttempts: 2,
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
