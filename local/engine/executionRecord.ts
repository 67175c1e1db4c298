import type { JsonValue } from './asl.ts';
import type { BranchScope } from './definition.ts';

/**
 * Everything the engine knows about one execution, persisted whole after every transition:
 * restarting the process, or jumping the clock, continues from exactly here.
 */
export interface ExecutionRecord {
  formatVersion: 1;
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  definitionHash: string;
  status: ExecutionStatus;
  /** ISO timestamps on the engine's clock. */
  startDate: string;
  stopDate?: string;
  /** The definition's top-level TimeoutSeconds, as a due time. */
  timeoutAt?: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  /** The top-level thread is `root`; every Parallel branch adds one, removed when the Parallel state ends. */
  threads: Record<string, ThreadRecord>;
  /** Kept so that a late SendTaskSuccess gets `TaskTimedOut` rather than `TaskDoesNotExist`. */
  timedOutTokens: string[];
  events: HistoryEventRecord[];
  /** Source of thread and position ids, unique within the execution. */
  sequence: number;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export const ROOT_THREAD_ID = 'root';

export interface ThreadRecord {
  id: string;
  parentId?: string;
  scope: BranchScope[];
  position: ThreadPosition;
  lastEventId: number;
}

interface ActivePositionBase {
  /** Changes with every transition: a result that comes back for an older position is stale. */
  id: number;
  stateName: string;
  /** The state's raw input. */
  input: JsonValue;
  enteredAt: string;
}

/** About to run its state (again, after `notBefore`, when a Retry is backing off). */
export interface ReadyPosition extends ActivePositionBase {
  kind: 'ready';
  retryCounts: number[];
  notBefore?: string;
  /**
   * Where the engine's clock must also be before the retry runs: the back-off counted from when the
   * failure was seen. While the engine catches up after a jump of the clock, a step's time (and
   * `notBefore`) lies behind the clock; without this, each back-off would already be over and a
   * throttled task would spend every attempt at once, before the work it met had moved.
   */
  retryAfterOnClock?: string;
  /** When it became ready on the engine's clock: a timer's due time when a timer moved it here. */
  readyAt?: string;
}

/** In a Wait state until `dueAt`; `output` is what it passes on. */
export interface WaitPosition extends ActivePositionBase {
  kind: 'wait';
  dueAt: string;
  output: JsonValue;
}

export interface LambdaInvocation {
  resource: string;
  functionName: string;
  payload: JsonValue;
}

/**
 * In a `.waitForTaskToken` Task. `invoked: false` means the Lambda may not have been called
 * yet: after a restart it is invoked again with the same token.
 */
export interface TaskTokenPosition extends ActivePositionBase {
  kind: 'taskToken';
  retryCounts: number[];
  taskToken: string;
  invoked: boolean;
  invocation: LambdaInvocation;
  /** When the task was scheduled on the engine's clock (TimeoutSeconds counts from here). */
  scheduledAt?: string;
  timeoutAt?: string;
  heartbeatSeconds?: number;
  /** Moved on by each SendTaskHeartbeat. */
  heartbeatDueAt?: string;
}

/** In a Parallel state, waiting for its branch threads. */
export interface BranchesPosition extends ActivePositionBase {
  kind: 'branches';
  retryCounts: number[];
  childIds: string[];
}

export interface SucceededPosition {
  kind: 'succeeded';
  id: number;
  output: JsonValue;
  endedAt?: string;
}

export interface FailedPosition {
  kind: 'failed';
  id: number;
  error: string;
  cause?: string;
  endedAt?: string;
}

export type ActivePosition = ReadyPosition | WaitPosition | TaskTokenPosition | BranchesPosition;
export type ThreadPosition = ActivePosition | SucceededPosition | FailedPosition;

export type EventDetails = Record<string, string | number | undefined>;

/** The shape of the SDK's HistoryEvent, with an ISO timestamp. */
export interface HistoryEventRecord {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  [details: `${string}EventDetails`]: EventDetails;
}
