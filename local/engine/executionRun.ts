import type {
  ChoiceState,
  FailState,
  JsonObject,
  JsonValue,
  ParallelState,
  PassState,
  StateDefinition,
  StateMachineDefinition,
  SucceedState,
  TaskState,
  WaitState,
} from './asl.ts';
import { chooseNextState, parseTimestamp } from './choice.ts';
import {
  branchAt,
  classifyTaskResource,
  executionRoleArn,
  parseStateMachineArn,
  stateAt,
  type TaskResourceKind,
} from './definition.ts';
import { errorEqualsMatches, runtimeError, STATES_RUNTIME, StatesError } from './errors.ts';
import {
  type ActivePosition,
  type BranchesPosition,
  type EventDetails,
  type ExecutionRecord,
  type FailedPosition,
  type HistoryEventRecord,
  type LambdaInvocation,
  type ReadyPosition,
  ROOT_THREAD_ID,
  type SucceededPosition,
  type TaskTokenPosition,
  type ThreadPosition,
  type ThreadRecord,
} from './executionRecord.ts';
import { evaluateIntrinsic, isIntrinsicExpression } from './intrinsics.ts';
import { assertStatePayload, MAX_EXECUTION_SECONDS } from './limits.ts';
import { applyResultPath, isJsonObject, readPath, selectPath } from './paths.ts';
import { applyPayloadTemplate } from './payloadTemplate.ts';
import { createTaskToken } from './taskToken.ts';

/** What a run needs from its engine. */
export interface RunEnvironment {
  now(): Date;
  /** The error `injectTaskFailure` asked this Task state's next attempt to fail with, if any. */
  takeInjectedFault(stateName: string): string | undefined;
}

/** A Lambda call the engine must make outside the execution's lock, then report back. */
export interface PendingInvocation {
  threadId: string;
  positionId: number;
  stateName: string;
  resourceKind: TaskResourceKind;
  invocation: LambdaInvocation;
  taskToken?: string;
}

export type InvocationOutcome =
  | { ok: true; value: JsonValue }
  | { ok: false; error: string; cause: string | undefined };

export type TaskTokenStatus = 'active' | 'timedOut' | 'unknown';

export interface CurrentState {
  branchId: string;
  stateName: string;
  waitingFor:
    | { kind: 'running' }
    | { kind: 'retry'; dueAt: Date }
    | { kind: 'timer'; dueAt: Date }
    | { kind: 'taskToken'; taskToken: string; timeoutAt?: Date }
    | { kind: 'branches' };
}

/** AWS stops an execution whose history reaches this size; here it also stops a runaway loop. */
const MAX_HISTORY_EVENTS = 25_000;
const EXECUTION_TIMEOUT_CAUSE = 'The execution exceeded the TimeoutSeconds of its state machine';
const EXECUTION_YEAR_CAUSE = 'The execution exceeded the maximum duration of a Standard execution (one year)';
const TASK_TIMEOUT_CAUSE = 'The task did not finish within its TimeoutSeconds';
const HEARTBEAT_TIMEOUT_CAUSE = 'The task did not send a heartbeat within its HeartbeatSeconds';

/** A Lambda call in flight: when it started on the engine's clock and on its thread's own time. */
interface InvocationStart {
  clockMs: number;
  logicalMs: number;
  timeoutMs?: number;
}

function isDue(dueAt: string | undefined, nowMs: number): boolean {
  return dueAt !== undefined && Date.parse(dueAt) <= nowMs;
}

/** The earlier of a token wait's TimeoutSeconds and heartbeat due times. */
function tokenDueAt(position: TaskTokenPosition): string | undefined {
  const { timeoutAt, heartbeatDueAt } = position;
  if (timeoutAt === undefined || heartbeatDueAt === undefined) return timeoutAt ?? heartbeatDueAt;
  return Date.parse(heartbeatDueAt) < Date.parse(timeoutAt) ? heartbeatDueAt : timeoutAt;
}

function nonNegativeSeconds(value: JsonValue, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw runtimeError(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function lambdaInvokeResult(payload: JsonValue): JsonObject {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    StatusCode: 200,
    SdkHttpMetadata: { HttpStatusCode: 200 },
    SdkResponseMetadata: {},
  };
}

/**
 * The interpreter of one execution: every method is a synchronous transition of its record, so
 * the engine can run it under the execution's lock and persist the result before going on.
 * Lambda calls are returned as PendingInvocations instead of being made here.
 */
export class ExecutionRun {
  /** Bumped by every change, so the engine knows when the record must be written. */
  revision = 0;
  private readonly region: string;
  private readonly parsedInput: JsonValue;
  /**
   * While a transition runs, the time it happens at: a timer's due time when a timer caused it,
   * so that what follows a clock jump is timed as if the clock had moved smoothly.
   */
  private stepTimeMs: number | undefined;
  /** Not persisted: a restart runs an interrupted Lambda task again (at least once, as in AWS). */
  private readonly invocationStarts = new Map<number, InvocationStart>();

  constructor(
    readonly record: ExecutionRecord,
    private readonly definition: StateMachineDefinition,
    private readonly environment: RunEnvironment,
  ) {
    this.region = parseStateMachineArn(record.stateMachineArn).region;
    this.parsedInput = JSON.parse(record.input) as JsonValue;
  }

  static start(
    identity: Pick<
      ExecutionRecord,
      'executionArn' | 'stateMachineArn' | 'stateMachineName' | 'name' | 'definitionHash' | 'input'
    >,
    definition: StateMachineDefinition,
    environment: RunEnvironment,
  ): ExecutionRun {
    const startedAt = environment.now();
    const record: ExecutionRecord = {
      formatVersion: 1,
      ...identity,
      status: 'RUNNING',
      startDate: startedAt.toISOString(),
      timeoutAt:
        definition.TimeoutSeconds === undefined
          ? undefined
          : new Date(startedAt.getTime() + definition.TimeoutSeconds * 1000).toISOString(),
      threads: {},
      timedOutTokens: [],
      events: [],
      sequence: 0,
    };
    const run = new ExecutionRun(record, definition, environment);
    run.appendEvent(undefined, 'ExecutionStarted', {
      executionStartedEventDetails: { input: identity.input, roleArn: run.roleArn() },
    });
    run.announceEntry(run.newThread(ROOT_THREAD_ID, undefined, [], definition.StartAt, run.parsedInput));
    return run;
  }

  get isRunning(): boolean {
    return this.record.status === 'RUNNING';
  }

  /** Threads that can move now: not claimed by a step in progress, and not blocked on a token or a future time. */
  runnableThreadIds(claimedPositionIds: ReadonlySet<number>): string[] {
    if (!this.isRunning) return [];
    const nowMs = this.clockMs();
    // Earliest due first, so that what a jump of the clock lets happen happens in time order.
    return Object.values(this.record.threads)
      .filter(
        (thread) => !claimedPositionIds.has(thread.position.id) && this.isRunnable(thread.position, nowMs),
      )
      .map((thread) => ({ id: thread.id, atMs: this.logicalTimeMs(thread.position, nowMs) }))
      .sort((left, right) => left.atMs - right.atMs)
      .map((thread) => thread.id);
  }

  /** When the earliest thing this execution waits for on the clock falls due (for ordering executions). */
  nextDueMs(): number {
    const nowMs = this.clockMs();
    const times = Object.values(this.record.threads)
      .filter((thread) => this.isRunnable(thread.position, nowMs))
      .map((thread) => this.logicalTimeMs(thread.position, nowMs));
    return Math.min(this.deadline().atMs, ...times);
  }

  isExecutionTimeoutDue(): boolean {
    return this.isRunning && this.deadline().atMs <= this.clockMs();
  }

  /**
   * The year limit of a Standard execution, or the definition's TimeoutSeconds when sooner. The
   * execution ends at that time, whenever the clock is found past it.
   */
  timeOutExecution(): void {
    if (!this.isExecutionTimeoutDue()) return;
    const { atMs, cause } = this.deadline();
    this.at(atMs, () => {
      this.endExecution('TIMED_OUT', 'ExecutionTimedOut', {
        executionTimedOutEventDetails: { error: 'States.Timeout', cause },
      });
      this.record.error = 'States.Timeout';
      this.record.cause = cause;
    });
  }

  /**
   * Moves one thread out of the position `positionId` (if it is still there and runnable). Returns
   * the Lambda call to make when the state needs one.
   */
  step(threadId: string, positionId: number): PendingInvocation | undefined {
    const thread = this.record.threads[threadId];
    const nowMs = this.clockMs();
    if (!this.isRunning || !thread || thread.position.id !== positionId) return undefined;
    if (!this.isRunnable(thread.position, nowMs)) return undefined;
    const atMs = this.logicalTimeMs(thread.position, nowMs);
    if (this.deadline().atMs <= atMs) {
      this.timeOutExecution();
      return undefined;
    }
    if (this.record.events.length >= MAX_HISTORY_EVENTS) {
      this.failExecution(STATES_RUNTIME, `The execution history reached ${MAX_HISTORY_EVENTS} events`);
      return undefined;
    }
    const position = thread.position;
    return this.at(atMs, () => {
      switch (position.kind) {
        case 'ready':
          return this.runState(thread, position);
        case 'wait':
          this.guarded(thread, position, () => this.leaveState(thread, position.stateName, position.output));
          return undefined;
        case 'taskToken':
          if (isDue(tokenDueAt(position), nowMs)) {
            this.timeOutTaskToken(thread, position);
            return undefined;
          }
          // Persisted before its Lambda call and never marked invoked: the call may not have happened.
          return this.pendingTokenInvocation(thread, position);
        case 'branches':
          this.finishParallel(thread, position);
          return undefined;
        default:
          return undefined;
      }
    });
  }

  /** Applies a Lambda call's result, unless the thread moved on (stopped, abandoned, timed out) meanwhile. */
  finishInvocation(pending: PendingInvocation, outcome: InvocationOutcome): void {
    const start = this.invocationStarts.get(pending.positionId);
    this.invocationStarts.delete(pending.positionId);
    const thread = this.record.threads[pending.threadId];
    if (!this.isRunning || !thread || thread.position.id !== pending.positionId) return;
    const nowMs = this.clockMs();
    // The call took real time (and any jump of the clock meanwhile) from when its thread was.
    const elapsedMs = start ? nowMs - start.clockMs : 0;
    const timedOut = start?.timeoutMs !== undefined && elapsedMs > start.timeoutMs;
    const endMs = start ? start.logicalMs + (timedOut ? (start.timeoutMs ?? 0) : elapsedMs) : nowMs;
    if (this.deadline().atMs <= endMs) {
      this.timeOutExecution();
      return;
    }
    this.at(endMs, () => this.applyInvocationOutcome(thread, pending, outcome, timedOut));
  }

  private applyInvocationOutcome(
    thread: ThreadRecord,
    pending: PendingInvocation,
    outcome: InvocationOutcome,
    timedOut: boolean,
  ): void {
    const position = thread.position;
    if (timedOut && position.kind === 'ready') {
      this.timeOutTask(thread, position, new StatesError('States.Timeout', TASK_TIMEOUT_CAUSE));
      return;
    }
    if (position.kind === 'taskToken') {
      if (outcome.ok) {
        position.invoked = true;
        this.touch();
      } else {
        this.failTask(thread, position, new StatesError(outcome.error, outcome.cause));
      }
      return;
    }
    if (position.kind !== 'ready') return;
    if (!outcome.ok) {
      this.failTask(thread, position, new StatesError(outcome.error, outcome.cause));
      return;
    }
    const result =
      pending.resourceKind === 'lambdaInvoke' ? lambdaInvokeResult(outcome.value) : outcome.value;
    this.succeedTask(thread, position, result);
  }

  /**
   * SendTaskSuccess/SendTaskFailure. A token whose timeout has passed on the clock is timed out
   * now (even if no timer fired yet) and refused.
   */
  resolveTaskToken(taskToken: string, outcome: InvocationOutcome): TaskTokenStatus {
    const found = this.findTokenPosition(taskToken);
    if (!found) return this.record.timedOutTokens.includes(taskToken) ? 'timedOut' : 'unknown';
    const { thread, position } = found;
    if (this.closeIfDue(thread, position)) return 'timedOut';
    if (outcome.ok) this.succeedTask(thread, position, outcome.value);
    else this.failTask(thread, position, new StatesError(outcome.error, outcome.cause));
    return 'active';
  }

  /** SendTaskHeartbeat: the heartbeat is due again HeartbeatSeconds from now. */
  heartbeat(taskToken: string): TaskTokenStatus {
    const found = this.findTokenPosition(taskToken);
    if (!found) return this.record.timedOutTokens.includes(taskToken) ? 'timedOut' : 'unknown';
    const { thread, position } = found;
    if (this.closeIfDue(thread, position)) return 'timedOut';
    if (position.heartbeatSeconds !== undefined) {
      position.heartbeatDueAt = new Date(this.clockMs() + position.heartbeatSeconds * 1000).toISOString();
      this.touch();
    }
    return 'active';
  }

  /**
   * A token whose timeout, heartbeat or execution deadline has passed on the clock is closed now
   * (even if no timer fired yet), at its due time.
   */
  private closeIfDue(thread: ThreadRecord, position: TaskTokenPosition): boolean {
    if (this.isExecutionTimeoutDue()) {
      this.timeOutExecution();
      return true;
    }
    const dueAt = tokenDueAt(position);
    if (dueAt === undefined || !isDue(dueAt, this.clockMs())) return false;
    this.at(Date.parse(dueAt), () => this.timeOutTaskToken(thread, position));
    return true;
  }

  stop(error: string | undefined, cause: string | undefined): void {
    if (!this.isRunning) return;
    this.endExecution('ABORTED', 'ExecutionAborted', { executionAbortedEventDetails: { error, cause } });
    this.record.error = error;
    this.record.cause = cause;
  }

  currentStates(): CurrentState[] {
    if (!this.isRunning) return [];
    const states: CurrentState[] = [];
    for (const thread of Object.values(this.record.threads)) {
      const position = thread.position;
      if (position.kind === 'succeeded' || position.kind === 'failed') continue;
      states.push({
        branchId: thread.id,
        stateName: position.stateName,
        waitingFor: this.waitingFor(position),
      });
    }
    return states;
  }

  private waitingFor(position: ActivePosition): CurrentState['waitingFor'] {
    switch (position.kind) {
      case 'ready': {
        if (!position.notBefore) return { kind: 'running' };
        const onClockMs = position.retryAfterOnClock ? Date.parse(position.retryAfterOnClock) : 0;
        return { kind: 'retry', dueAt: new Date(Math.max(Date.parse(position.notBefore), onClockMs)) };
      }
      case 'wait':
        return { kind: 'timer', dueAt: new Date(position.dueAt) };
      case 'taskToken':
        return {
          kind: 'taskToken',
          taskToken: position.taskToken,
          ...(position.timeoutAt ? { timeoutAt: new Date(position.timeoutAt) } : {}),
        };
      case 'branches':
        return { kind: 'branches' };
    }
  }

  private isRunnable(position: ThreadPosition, nowMs: number): boolean {
    switch (position.kind) {
      case 'ready':
        return (
          (position.notBefore === undefined || isDue(position.notBefore, nowMs)) &&
          (position.retryAfterOnClock === undefined || isDue(position.retryAfterOnClock, nowMs))
        );
      case 'wait':
        return isDue(position.dueAt, nowMs);
      case 'taskToken':
        return !position.invoked || isDue(tokenDueAt(position), nowMs);
      case 'branches': {
        const children = position.childIds.map((id) => this.record.threads[id]?.position.kind);
        return children.includes('failed') || children.every((kind) => kind === 'succeeded');
      }
      default:
        return false;
    }
  }

  // --- States ---------------------------------------------------------------------------------

  private runState(thread: ThreadRecord, position: ReadyPosition): PendingInvocation | undefined {
    const state = this.stateOf(thread, position.stateName);
    try {
      switch (state.Type) {
        case 'Pass':
          this.runPass(thread, position, state);
          return undefined;
        case 'Task':
          return this.runTask(thread, position, state);
        case 'Choice':
          this.runChoice(thread, position, state);
          return undefined;
        case 'Wait':
          this.runWait(thread, position, state);
          return undefined;
        case 'Succeed':
          this.runSucceed(thread, position, state);
          return undefined;
        case 'Fail':
          this.runFail(thread, position, state);
          return undefined;
        case 'Parallel':
          this.runParallel(thread, position, state);
          return undefined;
        default:
          throw runtimeError(`State type ${state.Type} is unsupported by the local engine`);
      }
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      this.failState(thread, position, error);
      return undefined;
    }
  }

  private runPass(thread: ThreadRecord, position: ReadyPosition, state: PassState): void {
    const context = this.contextObject(position);
    const effectiveInput = selectPath(state.InputPath, position.input, context);
    const parameters = state.Parameters
      ? applyPayloadTemplate(state.Parameters, effectiveInput, context)
      : effectiveInput;
    this.completeState(thread, position, state, state.Result !== undefined ? state.Result : parameters);
  }

  private runTask(thread: ThreadRecord, position: ReadyPosition, state: TaskState): PendingInvocation {
    const resourceKind = classifyTaskResource(state.Resource);
    if (!resourceKind) throw runtimeError(`Unsupported resource ${state.Resource}`);
    const eventResource = this.taskEventResource(thread, position.stateName);
    const injected = this.environment.takeInjectedFault(position.stateName);
    if (injected) {
      throw this.taskFailedEvent(
        thread,
        eventResource,
        new StatesError(injected, `A failure of ${position.stateName} was injected`),
      );
    }
    const taskToken =
      resourceKind === 'lambdaInvokeWaitForToken' ? createTaskToken(this.record.executionArn) : undefined;
    const context = this.contextObject(position, taskToken);
    const effectiveInput = selectPath(state.InputPath, position.input, context);
    const parameters = state.Parameters
      ? applyPayloadTemplate(state.Parameters, effectiveInput, context)
      : effectiveInput;
    assertStatePayload(position.stateName, 'input', parameters);
    const invocation = this.lambdaInvocation(resourceKind, state.Resource, parameters);
    const timeoutSeconds =
      state.TimeoutSecondsPath !== undefined
        ? nonNegativeSeconds(
            readPath(state.TimeoutSecondsPath, effectiveInput, context),
            'TimeoutSecondsPath',
          )
        : state.TimeoutSeconds;
    const heartbeatSeconds =
      state.HeartbeatSecondsPath !== undefined
        ? nonNegativeSeconds(
            readPath(state.HeartbeatSecondsPath, effectiveInput, context),
            'HeartbeatSecondsPath',
          )
        : state.HeartbeatSeconds;
    this.appendEvent(thread, 'TaskScheduled', {
      taskScheduledEventDetails: {
        ...eventResource,
        region: this.region,
        parameters: JSON.stringify(parameters),
        timeoutInSeconds: timeoutSeconds,
        heartbeatInSeconds: heartbeatSeconds,
      },
    });
    this.appendEvent(thread, 'TaskStarted', { taskStartedEventDetails: eventResource });
    const pending = {
      threadId: thread.id,
      positionId: position.id,
      stateName: position.stateName,
      resourceKind,
      invocation,
    };
    const nowMs = this.nowMs();
    if (!taskToken) {
      this.invocationStarts.set(position.id, {
        clockMs: this.clockMs(),
        logicalMs: nowMs,
        ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
      });
      return pending;
    }
    const secondsLater = (seconds: number | undefined) =>
      seconds === undefined ? undefined : new Date(nowMs + seconds * 1000).toISOString();
    const waiting: TaskTokenPosition = {
      kind: 'taskToken',
      id: this.nextId(),
      stateName: position.stateName,
      input: position.input,
      enteredAt: position.enteredAt,
      retryCounts: position.retryCounts,
      taskToken,
      invoked: false,
      invocation,
      scheduledAt: new Date(nowMs).toISOString(),
      timeoutAt: secondsLater(timeoutSeconds),
      heartbeatSeconds,
      heartbeatDueAt: secondsLater(heartbeatSeconds),
    };
    thread.position = waiting;
    this.invocationStarts.set(waiting.id, { clockMs: this.clockMs(), logicalMs: nowMs });
    return { ...pending, positionId: waiting.id, taskToken };
  }

  private lambdaInvocation(
    kind: TaskResourceKind,
    resource: string,
    parameters: JsonValue,
  ): LambdaInvocation {
    if (kind === 'lambdaFunction') return { resource, functionName: resource, payload: parameters };
    const functionName = isJsonObject(parameters) ? parameters.FunctionName : undefined;
    if (typeof functionName !== 'string') {
      throw runtimeError(`${resource} needs a FunctionName string in its Parameters`);
    }
    const payload = isJsonObject(parameters) ? parameters.Payload : undefined;
    return { resource, functionName, payload: payload === undefined ? {} : payload };
  }

  private pendingTokenInvocation(thread: ThreadRecord, position: TaskTokenPosition): PendingInvocation {
    this.invocationStarts.set(position.id, { clockMs: this.clockMs(), logicalMs: this.nowMs() });
    return {
      threadId: thread.id,
      positionId: position.id,
      stateName: position.stateName,
      resourceKind: 'lambdaInvokeWaitForToken',
      invocation: position.invocation,
      taskToken: position.taskToken,
    };
  }

  private runChoice(thread: ThreadRecord, position: ReadyPosition, state: ChoiceState): void {
    const context = this.contextObject(position);
    const effectiveInput = selectPath(state.InputPath, position.input, context);
    const next = chooseNextState(state, effectiveInput, context);
    this.leaveState(thread, position.stateName, selectPath(state.OutputPath, effectiveInput, context), next);
  }

  private runWait(thread: ThreadRecord, position: ReadyPosition, state: WaitState): void {
    const context = this.contextObject(position);
    const effectiveInput = selectPath(state.InputPath, position.input, context);
    const nowMs = this.nowMs();
    let dueMs: number;
    if (state.Seconds !== undefined) dueMs = nowMs + state.Seconds * 1000;
    else if (state.SecondsPath !== undefined) {
      dueMs =
        nowMs +
        nonNegativeSeconds(readPath(state.SecondsPath, effectiveInput, context), 'SecondsPath') * 1000;
    } else {
      const timestamp =
        state.Timestamp ??
        (state.TimestampPath ? readPath(state.TimestampPath, effectiveInput, context) : null);
      dueMs = parseTimestamp(timestamp);
      if (Number.isNaN(dueMs))
        throw runtimeError(`Wait state timestamp ${JSON.stringify(timestamp)} is invalid`);
    }
    thread.position = {
      kind: 'wait',
      id: this.nextId(),
      stateName: position.stateName,
      input: position.input,
      enteredAt: position.enteredAt,
      dueAt: new Date(dueMs).toISOString(),
      output: selectPath(state.OutputPath, effectiveInput, context),
    };
    this.touch();
  }

  private runSucceed(thread: ThreadRecord, position: ReadyPosition, state: SucceedState): void {
    const context = this.contextObject(position);
    const effectiveInput = selectPath(state.InputPath, position.input, context);
    this.leaveState(thread, position.stateName, selectPath(state.OutputPath, effectiveInput, context));
  }

  private runFail(thread: ThreadRecord, position: ReadyPosition, state: FailState): void {
    const context = this.contextObject(position);
    const textAt = (path: string | undefined) => {
      if (path === undefined) return undefined;
      const value = isIntrinsicExpression(path)
        ? evaluateIntrinsic(path, position.input, context)
        : readPath(path, position.input, context);
      return typeof value === 'string' ? value : JSON.stringify(value);
    };
    const error = state.Error ?? textAt(state.ErrorPath);
    const cause = state.Cause ?? textAt(state.CausePath);
    this.endThread(thread, { kind: 'failed', id: this.nextId(), error: error ?? '', cause });
  }

  private runParallel(thread: ThreadRecord, position: ReadyPosition, state: ParallelState): void {
    const context = this.contextObject(position);
    const effectiveInput = selectPath(state.InputPath, position.input, context);
    const branchInput = state.Parameters
      ? applyPayloadTemplate(state.Parameters, effectiveInput, context)
      : effectiveInput;
    this.appendEvent(thread, 'ParallelStateStarted');
    const childIds = state.Branches.map((branch, branchIndex) => {
      const scope = [...thread.scope, { parallelState: position.stateName, branchIndex }];
      const child = this.newThread(`branch-${this.nextId()}`, thread, scope, branch.StartAt, branchInput);
      this.announceEntry(child);
      return child.id;
    });
    thread.position = {
      kind: 'branches',
      id: this.nextId(),
      stateName: position.stateName,
      input: position.input,
      enteredAt: position.enteredAt,
      retryCounts: position.retryCounts,
      childIds,
    };
  }

  /** All branches succeeded (output: their outputs in order) or one failed (the others are abandoned). */
  private finishParallel(thread: ThreadRecord, position: BranchesPosition): void {
    const children = position.childIds.map((id) => this.record.threads[id]?.position);
    for (const id of position.childIds) this.removeThreadTree(id);
    const failed = children.find((child) => child?.kind === 'failed');
    if (failed?.kind === 'failed') {
      this.appendEvent(thread, 'ParallelStateFailed');
      this.failState(thread, position, new StatesError(failed.error, failed.cause));
      return;
    }
    this.appendEvent(thread, 'ParallelStateSucceeded');
    const outputs = children.map((child) => (child?.kind === 'succeeded' ? child.output : null));
    this.guarded(thread, position, () =>
      this.completeState(thread, position, this.stateOf(thread, position.stateName), outputs),
    );
  }

  // --- Results, errors and transitions --------------------------------------------------------

  private succeedTask(
    thread: ThreadRecord,
    position: ReadyPosition | TaskTokenPosition,
    result: JsonValue,
  ): void {
    const state = this.stateOf(thread, position.stateName);
    const { resourceType, resource } = this.taskEventResource(thread, position.stateName);
    try {
      assertStatePayload(position.stateName, 'result', result);
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      this.failState(thread, position, error);
      return;
    }
    this.appendEvent(thread, 'TaskSucceeded', {
      taskSucceededEventDetails: { resourceType, resource, output: JSON.stringify(result) },
    });
    this.guarded(thread, position, () => this.completeState(thread, position, state, result));
  }

  private failTask(
    thread: ThreadRecord,
    position: ReadyPosition | TaskTokenPosition,
    error: StatesError,
  ): void {
    this.failState(
      thread,
      position,
      this.taskFailedEvent(thread, this.taskEventResource(thread, position.stateName), error),
    );
  }

  private taskFailedEvent(
    thread: ThreadRecord,
    eventResource: { resourceType: string; resource: string },
    error: StatesError,
  ): StatesError {
    this.appendEvent(thread, 'TaskFailed', {
      taskFailedEventDetails: { ...eventResource, error: error.error, cause: error.cause },
    });
    return error;
  }

  /** Runs at the token's due time: whichever of TimeoutSeconds and HeartbeatSeconds ran out first. */
  private timeOutTaskToken(thread: ThreadRecord, position: TaskTokenPosition): void {
    const missedHeartbeat =
      position.heartbeatDueAt !== undefined && tokenDueAt(position) === position.heartbeatDueAt;
    this.record.timedOutTokens.push(position.taskToken);
    this.timeOutTask(
      thread,
      position,
      missedHeartbeat
        ? new StatesError('States.HeartbeatTimeout', HEARTBEAT_TIMEOUT_CAUSE)
        : new StatesError('States.Timeout', TASK_TIMEOUT_CAUSE),
    );
  }

  private timeOutTask(
    thread: ThreadRecord,
    position: ReadyPosition | TaskTokenPosition,
    error: StatesError,
  ): void {
    this.appendEvent(thread, 'TaskTimedOut', {
      taskTimedOutEventDetails: {
        ...this.taskEventResource(thread, position.stateName),
        error: error.error,
        cause: error.cause,
      },
    });
    this.failState(thread, position, error);
  }

  private taskEventResource(
    thread: ThreadRecord,
    stateName: string,
  ): { resourceType: string; resource: string } {
    const state = this.stateOf(thread, stateName);
    const kind = state.Type === 'Task' ? classifyTaskResource(state.Resource) : undefined;
    const resource =
      kind === 'lambdaFunction' && state.Type === 'Task'
        ? state.Resource
        : kind === 'lambdaInvokeWaitForToken'
          ? 'invoke.waitForTaskToken'
          : 'invoke';
    return { resourceType: 'lambda', resource };
  }

  /** ResultSelector, ResultPath and OutputPath, then on to the next state. */
  private completeState(
    thread: ThreadRecord,
    position: ActivePosition,
    state: StateDefinition,
    result: JsonValue,
  ): void {
    const context = this.contextObject(position);
    let output = result;
    if ((state.Type === 'Task' || state.Type === 'Parallel') && state.ResultSelector) {
      output = applyPayloadTemplate(state.ResultSelector, output, context);
    }
    if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Pass') {
      output = applyResultPath(position.input, state.ResultPath, output);
    }
    if ('OutputPath' in state) output = selectPath(state.OutputPath, output, context);
    this.leaveState(thread, position.stateName, output);
  }

  /** Runs a transition whose path processing may fail: such a failure is the state's failure. */
  private guarded(thread: ThreadRecord, position: ActivePosition, transition: () => void): void {
    try {
      transition();
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      this.failState(thread, position, error);
    }
  }

  /** Retry (back-off measured on the clock), else Catch, else the thread fails. */
  private failState(thread: ThreadRecord, position: ActivePosition, error: StatesError): void {
    if (error.error === STATES_RUNTIME) {
      this.failExecution(error.error, error.cause);
      return;
    }
    const state = this.stateOf(thread, position.stateName);
    const retriers = state.Type === 'Task' || state.Type === 'Parallel' ? (state.Retry ?? []) : [];
    const catchers = state.Type === 'Task' || state.Type === 'Parallel' ? (state.Catch ?? []) : [];
    const retryCounts = 'retryCounts' in position ? [...position.retryCounts] : [];
    const retrierIndex = retriers.findIndex((retrier) =>
      errorEqualsMatches(retrier.ErrorEquals, error.error, state.Type),
    );
    const retrier = retriers[retrierIndex];
    const attempts = retryCounts[retrierIndex] ?? 0;
    if (retrier && attempts < (retrier.MaxAttempts ?? 3)) {
      const backOffSeconds = Math.min(
        (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempts,
        retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY,
      );
      // FULL jitter: a random wait up to the back-off, so a burst of failures does not retry as one.
      const delaySeconds =
        retrier.JitterStrategy === 'FULL' ? backOffSeconds * Math.random() : backOffSeconds;
      retryCounts[retrierIndex] = attempts + 1;
      thread.position = {
        kind: 'ready',
        id: this.nextId(),
        stateName: position.stateName,
        input: position.input,
        enteredAt: position.enteredAt,
        retryCounts,
        notBefore: new Date(this.nowMs() + delaySeconds * 1000).toISOString(),
        retryAfterOnClock: new Date(this.clockMs() + delaySeconds * 1000).toISOString(),
      };
      this.touch();
      return;
    }
    const catcher = catchers.find((candidate) =>
      errorEqualsMatches(candidate.ErrorEquals, error.error, state.Type),
    );
    if (!catcher) {
      this.endThread(thread, { kind: 'failed', id: this.nextId(), error: error.error, cause: error.cause });
      return;
    }
    const errorOutput: JsonObject = { Error: error.error };
    if (error.cause !== undefined) errorOutput.Cause = error.cause;
    try {
      this.leaveState(
        thread,
        position.stateName,
        applyResultPath(position.input, catcher.ResultPath, errorOutput),
        catcher.Next,
      );
    } catch (pathError) {
      if (!(pathError instanceof StatesError)) throw pathError;
      // A Catcher's own output failing (a bad ResultPath, or over the payload limit) ends the execution.
      this.failExecution(pathError.error, pathError.cause);
    }
  }

  /** Exits the state; enters `next` (default: the state's Next), or ends the thread when there is none. */
  private leaveState(thread: ThreadRecord, stateName: string, output: JsonValue, next?: string): void {
    const state = this.stateOf(thread, stateName);
    assertStatePayload(stateName, 'result', output);
    this.appendEvent(thread, `${state.Type}StateExited`, {
      stateExitedEventDetails: { name: stateName, output: JSON.stringify(output) },
    });
    const nextState = next ?? ('Next' in state ? state.Next : undefined);
    if (nextState === undefined) {
      this.endThread(thread, { kind: 'succeeded', id: this.nextId(), output });
      return;
    }
    thread.position = this.readyPosition(nextState, output);
    this.announceEntry(thread);
  }

  private endThread(thread: ThreadRecord, end: SucceededPosition | FailedPosition): void {
    thread.position = { ...end, endedAt: this.nowIso() };
    this.touch();
    if (thread.id !== ROOT_THREAD_ID) return;
    if (end.kind === 'succeeded') {
      const output = JSON.stringify(end.output);
      this.endExecution('SUCCEEDED', 'ExecutionSucceeded', { executionSucceededEventDetails: { output } });
      this.record.output = output;
    } else {
      this.failExecution(end.error, end.cause);
    }
  }

  private failExecution(error: string, cause: string | undefined): void {
    this.endExecution('FAILED', 'ExecutionFailed', {
      executionFailedEventDetails: { error: error || undefined, cause },
    });
    this.record.error = error || undefined;
    this.record.cause = cause;
  }

  /** Every thread goes, and with them every task token still open. */
  private endExecution(
    status: ExecutionRecord['status'],
    eventType: string,
    details: Record<`${string}EventDetails`, EventDetails>,
  ): void {
    this.appendEvent(undefined, eventType, details);
    this.record.status = status;
    this.record.stopDate = this.nowIso();
    this.record.threads = {};
  }

  // --- Bookkeeping ----------------------------------------------------------------------------

  private newThread(
    id: string,
    parent: ThreadRecord | undefined,
    scope: ThreadRecord['scope'],
    stateName: string,
    input: JsonValue,
  ): ThreadRecord {
    const thread: ThreadRecord = {
      id,
      ...(parent ? { parentId: parent.id } : {}),
      scope,
      position: this.readyPosition(stateName, input),
      lastEventId: parent?.lastEventId ?? this.record.events.length,
    };
    this.record.threads[id] = thread;
    return thread;
  }

  private readyPosition(stateName: string, input: JsonValue): ReadyPosition {
    return {
      kind: 'ready',
      id: this.nextId(),
      stateName,
      input,
      enteredAt: this.nowIso(),
      readyAt: this.nowIso(),
      retryCounts: [],
    };
  }

  private announceEntry(thread: ThreadRecord): void {
    const position = thread.position;
    if (position.kind !== 'ready') return;
    const state = this.stateOf(thread, position.stateName);
    this.appendEvent(thread, `${state.Type}StateEntered`, {
      stateEnteredEventDetails: { name: position.stateName, input: JSON.stringify(position.input) },
    });
  }

  private removeThreadTree(threadId: string): void {
    for (const thread of Object.values(this.record.threads)) {
      if (thread.parentId === threadId) this.removeThreadTree(thread.id);
    }
    delete this.record.threads[threadId];
    this.touch();
  }

  private findTokenPosition(
    taskToken: string,
  ): { thread: ThreadRecord; position: TaskTokenPosition } | undefined {
    for (const thread of Object.values(this.record.threads)) {
      const position = thread.position;
      if (position.kind === 'taskToken' && position.taskToken === taskToken) return { thread, position };
    }
    return undefined;
  }

  private stateOf(thread: ThreadRecord, stateName: string): StateDefinition {
    return stateAt(branchAt(this.definition, thread.scope), stateName);
  }

  private contextObject(position: ActivePosition, taskToken?: string): JsonObject {
    const retryCounts = 'retryCounts' in position ? position.retryCounts : [];
    return {
      Execution: {
        Id: this.record.executionArn,
        Input: this.parsedInput,
        Name: this.record.name,
        RoleArn: this.roleArn(),
        StartTime: this.record.startDate,
        RedriveCount: 0,
      },
      State: {
        EnteredTime: position.enteredAt,
        Name: position.stateName,
        RetryCount: retryCounts.reduce((sum, count) => sum + count, 0),
      },
      StateMachine: { Id: this.record.stateMachineArn, Name: this.record.stateMachineName },
      ...(taskToken ? { Task: { Token: taskToken } } : {}),
    };
  }

  private roleArn(): string {
    return executionRoleArn(this.record.stateMachineArn);
  }

  /** The engine's clock, which may have jumped. */
  private clockMs(): number {
    return this.environment.now().getTime();
  }

  /** The time of the transition under way (see stepTimeMs), else the clock. */
  private nowMs(): number {
    return this.stepTimeMs ?? this.clockMs();
  }

  private nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  /** Runs a transition as happening at `atMs`. */
  private at<T>(atMs: number, transition: () => T): T {
    const outer = this.stepTimeMs;
    this.stepTimeMs = atMs;
    try {
      return transition();
    } finally {
      this.stepTimeMs = outer;
    }
  }

  /** When a runnable position's transition happens: the due time of what it waited for. */
  private logicalTimeMs(position: ThreadPosition, nowMs: number): number {
    const time = (iso: string | undefined) => (iso === undefined ? nowMs : Math.min(Date.parse(iso), nowMs));
    switch (position.kind) {
      case 'ready':
        return time(position.notBefore ?? position.readyAt);
      case 'wait':
        return time(position.dueAt);
      case 'taskToken':
        return position.invoked ? time(tokenDueAt(position)) : time(position.scheduledAt);
      case 'branches': {
        // A failed branch ends the Parallel when it fails; otherwise the last branch to finish does.
        const children = position.childIds.map((id) => this.record.threads[id]?.position);
        const failedAt = children.flatMap((child) => (child?.kind === 'failed' ? [time(child.endedAt)] : []));
        if (failedAt.length > 0) return Math.min(...failedAt);
        return Math.max(
          ...children.map((child) => (child?.kind === 'succeeded' ? time(child.endedAt) : nowMs)),
        );
      }
      default:
        return nowMs;
    }
  }

  /** The definition's TimeoutSeconds or the year limit of a Standard execution, whichever comes first. */
  private deadline(): { atMs: number; cause: string } {
    const yearMs = Date.parse(this.record.startDate) + MAX_EXECUTION_SECONDS * 1000;
    const timeoutMs =
      this.record.timeoutAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(this.record.timeoutAt);
    return timeoutMs <= yearMs
      ? { atMs: timeoutMs, cause: EXECUTION_TIMEOUT_CAUSE }
      : { atMs: yearMs, cause: EXECUTION_YEAR_CAUSE };
  }

  private appendEvent(
    thread: ThreadRecord | undefined,
    type: string,
    details: Record<`${string}EventDetails`, EventDetails> = {},
  ): void {
    const events = this.record.events;
    const id = events.length + 1;
    const event: HistoryEventRecord = {
      id,
      previousEventId: thread?.lastEventId ?? events.length,
      timestamp: this.nowIso(),
      type,
      ...details,
    };
    events.push(event);
    if (thread) thread.lastEventId = id;
    this.touch();
  }

  private nextId(): number {
    this.record.sequence += 1;
    this.touch();
    return this.record.sequence;
  }

  private touch(): void {
    this.revision += 1;
  }
}
