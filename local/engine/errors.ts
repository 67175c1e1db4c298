/** An error returned by the Step Functions API; `name` is the AWS error code (e.g. `TaskTimedOut`). */
export class SfnServiceError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/**
 * An error raised inside an execution, as a state sees it: `error` is the name Retry and Catch
 * match on (e.g. `States.Timeout`), `cause` its free-text explanation.
 */
export class StatesError extends Error {
  readonly error: string;
  override readonly cause: string | undefined;

  constructor(error: string, cause?: string) {
    super(cause ? `${error}: ${cause}` : error);
    this.name = 'StatesError';
    this.error = error;
    this.cause = cause;
  }
}

/** Not retriable and not catchable: it always fails the execution, as in AWS. */
export const STATES_RUNTIME = 'States.Runtime';

export function runtimeError(cause: string): StatesError {
  return new StatesError(STATES_RUNTIME, cause);
}

export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';
const TIMEOUTS: readonly string[] = ['States.Timeout', 'States.HeartbeatTimeout'];

/**
 * Whether a Retrier's or Catcher's ErrorEquals covers an error raised by a state of the given type.
 * `States.ALL` matches everything but `States.DataLimitExceeded` (a terminal error AWS lets only its
 * own name catch); `States.TaskFailed` matches any Task error except the timeouts; `States.Timeout`
 * also covers a missed heartbeat, as AWS defines it.
 */
export function errorEqualsMatches(
  errorEquals: readonly string[],
  error: string,
  stateType: string,
): boolean {
  if (error === STATES_RUNTIME) return false;
  return errorEquals.some(
    (candidate) =>
      candidate === error ||
      (candidate === 'States.ALL' && error !== DATA_LIMIT_EXCEEDED) ||
      (candidate === 'States.Timeout' && TIMEOUTS.includes(error)) ||
      (candidate === 'States.TaskFailed' &&
        stateType === 'Task' &&
        !TIMEOUTS.includes(error) &&
        error !== DATA_LIMIT_EXCEEDED),
  );
}
