import { randomUUID } from 'node:crypto';
import type { JsonValue, StateMachineDefinition } from './asl.ts';
import { AsyncLock } from './asyncLock.ts';
import {
  definitionHash,
  executionRoleArn,
  parseStateMachineArn,
  type StateMachineArnParts,
  validateDefinition,
} from './definition.ts';
import { SfnServiceError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus, HistoryEventRecord } from './executionRecord.ts';
import {
  type CurrentState,
  ExecutionRun,
  type InvocationOutcome,
  type PendingInvocation,
  type RunEnvironment,
} from './executionRun.ts';
import {
  type ExecutionStore,
  FileExecutionStore,
  type FinishedExecution,
  finishedExecutionOf,
  InMemoryExecutionStore,
} from './executionStore.ts';
import { assertMemberLength, assertPayloadMember, MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH } from './limits.ts';
import { isJsonObject } from './paths.ts';
import { executionArnOfTaskToken } from './taskToken.ts';

export type { ExecutionStatus } from './executionRecord.ts';
export type { CurrentState } from './executionRun.ts';

export interface LambdaInvocationMeta {
  executionArn: string;
  stateMachineArn: string;
  stateName: string;
  /** Only for `.waitForTaskToken` tasks. */
  taskToken?: string;
}

/** Runs a Lambda function; a thrown error is the function's error (its `name` is what Retry and Catch see). */
export type InvokeLambda = (
  functionName: string,
  payload: JsonValue,
  meta: LambdaInvocationMeta,
) => Promise<unknown>;

export interface EngineLogger {
  error(message: string, ...details: unknown[]): void;
}

export interface LocalStepFunctionsOptions {
  /** Where executions are persisted; without it nothing is written (and nothing survives a restart). */
  dataDir?: string;
  invokeLambda: InvokeLambda;
  /** The clock every Wait, retry back-off and task timeout is measured on; it may jump forward. */
  now: () => Date;
  logger?: EngineLogger;
}

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

export interface ExecutionDescription extends ExecutionSummary {
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export type HistoryEvent = Omit<HistoryEventRecord, 'timestamp'> & { timestamp: Date };

interface RegisteredStateMachine {
  arn: StateMachineArnParts;
  stateMachineArn: string;
  definition: StateMachineDefinition;
  hash: string;
  creationDate: Date;
}

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD';
  creationDate: Date;
}

export interface StateMachineDescription extends StateMachineListItem {
  status: 'ACTIVE';
  definition: string;
  roleArn: string;
}

/** ListStateMachines: at most 1,000 a page; 0 (or none) means AWS's default page. */
const MAX_STATE_MACHINES_PAGE = 1000;
const DEFAULT_STATE_MACHINES_PAGE = 100;

interface LiveExecution {
  run: ExecutionRun;
  lock: AsyncLock;
  /** Positions a step in progress is moving (or calling a Lambda for): nobody else may step them. */
  claims: Set<number>;
}

/** What AWS allows: no whitespace, brackets, wildcards, `"#%\^|~`$&,;:/` or control characters. */
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

function parseJsonText(text: string, errorCode: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new SfnServiceError(errorCode, 'The value is not valid JSON');
  }
}

/** An opaque continuation token, as AWS's are; one the engine did not hand out is refused. */
function encodeListToken(afterArn: string): string {
  return Buffer.from(JSON.stringify({ after: afterArn })).toString('base64url');
}

function decodeListToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // Refused below, as any token that is not one of ours.
  }
  throw new SfnServiceError('InvalidToken', 'Invalid Token');
}

function toJsonValue(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function describeFailure(error: unknown): { name: string; message: string } {
  return error instanceof Error ? error : { name: 'Error', message: String(error) };
}

/**
 * A durable local AWS Step Functions (Standard, JSONPath) engine. It owns the run loop: each
 * execution's position, data and due times are persisted after every transition, so a restart or
 * a clock jump just continues. Method names and shapes follow the SDK's SFN commands.
 */
export class LocalStepFunctions {
  private readonly store: ExecutionStore;
  private readonly invokeLambda: InvokeLambda;
  private readonly now: () => Date;
  private readonly logger: EngineLogger;
  private readonly machines = new Map<string, RegisteredStateMachine>();
  private readonly definitions = new Map<string, StateMachineDefinition>();
  /** Running executions, whole. */
  private readonly executions = new Map<string, LiveExecution>();
  /** Ended executions, as summaries: their records (history, input, output) stay in the store. */
  private readonly finished = new Map<string, FinishedExecution>();
  private readonly injectedFaults = new Map<string, { remaining: number; error: string }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly environment: RunEnvironment;
  private started = false;
  private ticker: NodeJS.Timeout | undefined;
  private tickInProgress = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.store = options.dataDir ? new FileExecutionStore(options.dataDir) : new InMemoryExecutionStore();
    this.invokeLambda = options.invokeLambda;
    this.now = options.now;
    this.logger = options.logger ?? console;
    this.environment = {
      now: options.now,
      takeInjectedFault: (stateName) => this.takeInjectedFault(stateName),
    };
  }

  /** Loads persisted executions and resumes the running ones that can move (and any whose time has come). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const stored = await this.store.load();
    for (const [hash, definition] of stored.definitions) this.definitions.set(hash, definition);
    for (const execution of stored.finished) {
      if (!this.executions.has(execution.executionArn)) this.finished.set(execution.executionArn, execution);
    }
    for (const record of stored.running) {
      if (this.executions.has(record.executionArn) || this.finished.has(record.executionArn)) continue;
      const definition = this.definitions.get(record.definitionHash);
      if (!definition) {
        this.logger.error(
          `Execution ${record.executionArn} is skipped: its definition ${record.definitionHash} is missing`,
        );
        continue;
      }
      this.executions.set(
        record.executionArn,
        this.live(new ExecutionRun(record, definition, this.environment)),
      );
    }
    await this.fireDueTimers();
  }

  registerStateMachine(input: {
    stateMachineArn: string;
    name: string;
    definition: StateMachineDefinition;
  }): {
    stateMachineArn: string;
  } {
    const arn = parseStateMachineArn(input.stateMachineArn);
    if (arn.name !== input.name) {
      throw new SfnServiceError(
        'ValidationException',
        `Name ${input.name} does not match ${input.stateMachineArn}`,
      );
    }
    validateDefinition(input.definition);
    const definition = structuredClone(input.definition);
    const hash = definitionHash(definition);
    this.definitions.set(hash, definition);
    this.machines.set(input.stateMachineArn, {
      arn,
      stateMachineArn: input.stateMachineArn,
      definition,
      hash,
      creationDate: this.machines.get(input.stateMachineArn)?.creationDate ?? this.now(),
    });
    return { stateMachineArn: input.stateMachineArn };
  }

  /** By name, a page at a time; `nextToken` continues after the last one listed. */
  listStateMachines(input: { maxResults?: number; nextToken?: string } = {}): {
    stateMachines: StateMachineListItem[];
    nextToken?: string;
  } {
    const { maxResults = 0 } = input;
    if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_STATE_MACHINES_PAGE) {
      throw new SfnServiceError(
        'ValidationException',
        `maxResults must be a whole number from 0 to ${MAX_STATE_MACHINES_PAGE}`,
      );
    }
    const pageSize = maxResults === 0 ? DEFAULT_STATE_MACHINES_PAGE : maxResults;
    const after = input.nextToken === undefined ? undefined : decodeListToken(input.nextToken);
    const all = [...this.machines.values()].sort((left, right) =>
      left.stateMachineArn.localeCompare(right.stateMachineArn),
    );
    const remaining = after === undefined ? all : all.filter((machine) => machine.stateMachineArn > after);
    const page = remaining.slice(0, pageSize);
    const last = page.at(-1);
    return {
      stateMachines: page.map((machine) => ({
        stateMachineArn: machine.stateMachineArn,
        name: machine.arn.name,
        type: 'STANDARD',
        creationDate: machine.creationDate,
      })),
      ...(last && remaining.length > page.length ? { nextToken: encodeListToken(last.stateMachineArn) } : {}),
    };
  }

  describeStateMachine(input: { stateMachineArn: string }): StateMachineDescription {
    parseStateMachineArn(input.stateMachineArn);
    const machine = this.machines.get(input.stateMachineArn);
    if (!machine) {
      throw new SfnServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${input.stateMachineArn}'`,
      );
    }
    return {
      stateMachineArn: machine.stateMachineArn,
      name: machine.arn.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: executionRoleArn(machine.stateMachineArn),
      type: 'STANDARD',
      creationDate: machine.creationDate,
    };
  }

  /**
   * Answers once the execution is recorded (a crash after the answer loses nothing: `start()`
   * resumes it), before it takes its first step, as AWS does; the steps run in the background.
   */
  async startExecution(input: { stateMachineArn: string; name?: string; input?: string }): Promise<{
    executionArn: string;
    startDate: Date;
  }> {
    assertPayloadMember('input', input.input ?? '{}');
    const machine = this.machines.get(input.stateMachineArn);
    if (!machine)
      throw new SfnServiceError(
        'StateMachineDoesNotExist',
        `State machine does not exist: ${input.stateMachineArn}`,
      );
    const name = input.name ?? randomUUID();
    if (!EXECUTION_NAME.test(name))
      throw new SfnServiceError('InvalidName', `Invalid execution name: ${name}`);
    const inputText = input.input ?? '{}';
    if (!isJsonObject(parseJsonText(inputText, 'InvalidExecutionInput'))) {
      throw new SfnServiceError('InvalidExecutionInput', 'The execution input must be a JSON object');
    }
    const { partition, region, account } = machine.arn;
    const executionArn = `arn:${partition}:states:${region}:${account}:execution:${machine.arn.name}:${name}`;
    if (this.finished.has(executionArn)) {
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution already exists: ${executionArn}`);
    }
    const existing = this.executions.get(executionArn)?.run.record;
    if (existing) {
      // Standard workflows: the same name and input while running is the same request.
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn, startDate: new Date(existing.startDate) };
      }
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution already exists: ${executionArn}`);
    }
    const run = ExecutionRun.start(
      {
        executionArn,
        stateMachineArn: machine.stateMachineArn,
        stateMachineName: machine.arn.name,
        name,
        definitionHash: machine.hash,
        input: inputText,
      },
      machine.definition,
      this.environment,
    );
    const live = this.live(run);
    this.executions.set(executionArn, live);
    await this.track(async () => {
      await this.store.saveDefinition(machine.hash, machine.definition);
      await live.lock.run(() => this.store.saveExecution(run.record));
    });
    this.advanceInBackground(live);
    return { executionArn, startDate: new Date(run.record.startDate) };
  }

  async describeExecution(input: { executionArn: string }): Promise<ExecutionDescription> {
    const record = await this.executionRecord(input.executionArn);
    return {
      ...this.summarize(record),
      input: record.input,
      ...(record.output !== undefined ? { output: record.output } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
    };
  }

  /** Newest first, as AWS lists them. */
  listExecutions(input: { stateMachineArn?: string; statusFilter?: ExecutionStatus } = {}): {
    executions: ExecutionSummary[];
  } {
    const executions = [
      ...[...this.executions.values()].map((live) => live.run.record),
      ...this.finished.values(),
    ]
      .filter(
        (record) => input.stateMachineArn === undefined || record.stateMachineArn === input.stateMachineArn,
      )
      .filter((record) => input.statusFilter === undefined || record.status === input.statusFilter)
      .sort((left, right) => right.startDate.localeCompare(left.startDate))
      .map((record) => this.summarize(record));
    return { executions };
  }

  async getExecutionHistory(input: { executionArn: string }): Promise<{ events: HistoryEvent[] }> {
    const record = await this.executionRecord(input.executionArn);
    const events = record.events.map((event) => ({
      ...event,
      timestamp: new Date(event.timestamp),
    }));
    return { events };
  }

  async stopExecution(input: {
    executionArn: string;
    error?: string;
    cause?: string;
  }): Promise<{ stopDate: Date }> {
    // Stopping an execution that has ended changes nothing.
    const ended = this.finished.get(input.executionArn)?.stopDate;
    if (ended !== undefined) return { stopDate: new Date(ended) };
    const live = this.liveExecution(input.executionArn);
    await this.track(() => this.mutate(live, (run) => run.stop(input.error, input.cause)));
    return { stopDate: new Date(live.run.record.stopDate ?? this.now().toISOString()) };
  }

  /** Answers once the token's resolution is recorded, before the execution moves on (as AWS does). */
  async sendTaskSuccess(input: { taskToken: string; output: string }): Promise<Record<string, never>> {
    // Refused before the token is looked at: the task stays open and its token valid.
    assertPayloadMember('output', input.output);
    const value = parseJsonText(input.output, 'InvalidOutput');
    await this.resolveTaskToken(input.taskToken, { ok: true, value });
    return {};
  }

  /** Answers once the token's resolution is recorded, before the execution moves on (as AWS does). */
  async sendTaskFailure(input: {
    taskToken: string;
    error?: string;
    cause?: string;
  }): Promise<Record<string, never>> {
    assertMemberLength('error', input.error, MAX_ERROR_LENGTH);
    assertMemberLength('cause', input.cause, MAX_CAUSE_LENGTH);
    await this.resolveTaskToken(input.taskToken, {
      ok: false,
      error: input.error ?? 'States.TaskFailed',
      cause: input.cause,
    });
    return {};
  }

  /** Moves the token's heartbeat deadline on (HeartbeatSeconds from now); refused once the token is closed. */
  async sendTaskHeartbeat(input: { taskToken: string }): Promise<Record<string, never>> {
    const live = await this.liveForTaskToken(input.taskToken);
    const status = await this.track(async () => {
      const result = await this.mutate(live, (run) => run.heartbeat(input.taskToken));
      // A token found past its due time was timed out just now: let its Catch or Retry run.
      if (result !== 'active') await this.advance(live);
      return result;
    });
    this.throwUnlessActive(status);
    return {};
  }

  /** For the console: where each running branch of an execution is, and what it waits for. */
  currentStates(executionArn: string): CurrentState[] {
    if (this.finished.has(executionArn)) return [];
    return this.liveExecution(executionArn).run.currentStates();
  }

  /** How many executions are held whole in memory: the running ones (an ended one leaves). */
  residentExecutionCount(): number {
    return this.executions.size;
  }

  /** The next `times` attempts of any Task state named `stateName` fail with `error`. */
  injectTaskFailure(stateName: string, times: number, error = 'Local.InjectedFault'): void {
    const remaining = (this.injectedFaults.get(stateName)?.remaining ?? 0) + times;
    this.injectedFaults.set(stateName, { remaining, error });
  }

  /**
   * Advances every running execution whose Wait, retry back-off or task timeout is due on the
   * clock; resolves once each has gone as far as it can.
   */
  async fireDueTimers(): Promise<void> {
    // Another caller (the ticker, a task completion) may hold a thread that is due: advance()
    // leaves claimed threads to their holder, so wait for every holder before and after, or
    // this could return while due work is still under way.
    await this.idle();
    const results = await this.advanceDue();
    await this.idle();
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * The running executions with something due on the clock (a runnable thread, or their deadline),
   * in due-time order (each execution orders its own threads likewise). The ticker looks every
   * second over every execution waiting on a person: advancing each of those, and working out its
   * due time again at every comparison of the sort, grew with the programme.
   */
  private dueExecutions(): LiveExecution[] {
    const running = [...this.executions.values()]
      .filter((live) => live.run.isRunning)
      .map((live) => ({ live, dueMs: live.run.nextDueMs() }));
    // Read after the due times, each of which is at most the clock when it was worked out.
    const nowMs = this.now().getTime();
    return running
      .filter(({ dueMs }) => dueMs <= nowMs)
      .sort((left, right) => left.dueMs - right.dueMs)
      .map(({ live }) => live);
  }

  /** Advances each execution that has something due, as far as it can go; one result each. */
  private advanceDue(): Promise<PromiseSettledResult<void>[]> {
    return this.track(() => Promise.allSettled(this.dueExecutions().map((live) => this.advance(live))));
  }

  /**
   * Every `intervalMs`, advances the executions with something due, as AWS fires a back-off, a Wait
   * or a timeout whatever else is running. Unlike `fireDueTimers` it does not wait for the engine
   * to be idle: a loaded runtime never is, and its ticks stopped while the load lasted (a retried
   * task's back-off then never ended unless something else moved its execution on). An advance leaves
   * the threads another caller is stepping to it, so a tick waits only for its own steps.
   */
  startTicker(intervalMs = 1000): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      // One tick's advances at a time, so a burst of due retries is not launched again every second.
      if (this.tickInProgress) return;
      this.tickInProgress = true;
      this.advanceDue()
        .then((results) => {
          for (const result of results)
            if (result.status === 'rejected')
              this.logger.error('Step Functions timer tick failed to advance an execution', result.reason);
        })
        .finally(() => {
          this.tickInProgress = false;
        });
    }, intervalMs);
    this.ticker.unref();
  }

  /** Resolves when no call into the engine is still advancing an execution. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    this.ticker = undefined;
    await this.idle();
  }

  // --- The run loop ---------------------------------------------------------------------------

  /**
   * Steps every runnable thread of the execution, concurrently, until none is runnable. Threads
   * claimed by another caller (e.g. one whose Lambda is calling back into the engine) are left to it.
   */
  private async advance(live: LiveExecution): Promise<void> {
    const steps = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    const launchRunnableSteps = () => {
      if (failure) return;
      for (const threadId of live.run.runnableThreadIds(live.claims)) {
        const positionId = live.run.record.threads[threadId]?.position.id;
        if (positionId === undefined) continue;
        live.claims.add(positionId);
        const step: Promise<void> = this.stepThread(live, threadId, positionId)
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => {
            live.claims.delete(positionId);
            steps.delete(step);
          });
        steps.add(step);
      }
    };
    launchRunnableSteps();
    while (steps.size > 0) {
      await Promise.race(steps);
      launchRunnableSteps();
    }
    if (failure) throw failure.error;
    // Whatever fell due before the deadline has run (a step past it timed the execution out);
    // one still waiting (on a token, say) when the clock is past it times out now.
    if (live.run.isExecutionTimeoutDue()) await this.mutate(live, (run) => run.timeOutExecution());
  }

  /** One transition under the lock; a Lambda call it asks for is made outside the lock, its result applied under it. */
  private async stepThread(live: LiveExecution, threadId: string, positionId: number): Promise<void> {
    const pending = await this.mutate(live, (run) => {
      const invocation = run.step(threadId, positionId);
      if (invocation) live.claims.add(invocation.positionId);
      return invocation;
    });
    if (!pending) return;
    try {
      const outcome = await this.invoke(live.run.record, pending);
      await this.mutate(live, (run) => run.finishInvocation(pending, outcome));
    } finally {
      live.claims.delete(pending.positionId);
    }
  }

  private async invoke(record: ExecutionRecord, pending: PendingInvocation): Promise<InvocationOutcome> {
    try {
      const value = await this.invokeLambda(
        pending.invocation.functionName,
        structuredClone(pending.invocation.payload),
        {
          executionArn: record.executionArn,
          stateMachineArn: record.stateMachineArn,
          stateName: pending.stateName,
          ...(pending.taskToken ? { taskToken: pending.taskToken } : {}),
        },
      );
      return { ok: true, value: toJsonValue(value) };
    } catch (error) {
      const { name, message } = describeFailure(error);
      // What AWS reports for a Lambda function error.
      return { ok: false, error: name, cause: JSON.stringify({ errorType: name, errorMessage: message }) };
    }
  }

  /**
   * Runs a synchronous transition under the execution's lock and persists the record if it
   * changed; once saved as ended, the execution leaves memory (a step still finishing holds its
   * own reference, and any result it brings is stale).
   */
  private mutate<T>(live: LiveExecution, transition: (run: ExecutionRun) => T): Promise<T> {
    return live.lock.run(async () => {
      const revision = live.run.revision;
      const result = transition(live.run);
      if (live.run.revision !== revision) await this.store.saveExecution(live.run.record);
      const { record } = live.run;
      if (!live.run.isRunning && this.executions.get(record.executionArn) === live) {
        this.executions.delete(record.executionArn);
        this.finished.set(record.executionArn, finishedExecutionOf(record));
      }
      return result;
    });
  }

  private async resolveTaskToken(taskToken: string, outcome: InvocationOutcome): Promise<void> {
    const live = await this.liveForTaskToken(taskToken);
    const status = await this.track(() =>
      this.mutate(live, (run) => run.resolveTaskToken(taskToken, outcome)),
    );
    // A token that timed out just now also moved the execution on (to its Catch or failure).
    if (status !== 'unknown') this.advanceInBackground(live);
    this.throwUnlessActive(status);
  }

  /** Steps the execution after the answer; `idle()` and `close()` wait for it, and a failure is logged. */
  private advanceInBackground(live: LiveExecution): void {
    this.track(() => this.advance(live)).catch((error: unknown) =>
      this.logger.error(`Step Functions execution ${live.run.record.executionArn} failed to advance`, error),
    );
  }

  private throwUnlessActive(status: 'active' | 'timedOut' | 'unknown'): void {
    if (status === 'timedOut') throw new SfnServiceError('TaskTimedOut', 'Task Timed Out');
    if (status === 'unknown') {
      throw new SfnServiceError(
        'TaskDoesNotExist',
        'Task does not exist anymore: it was completed, or its execution ended',
      );
    }
  }

  /** The token's running execution; for one that has ended, the token is refused as the record says. */
  private async liveForTaskToken(taskToken: string): Promise<LiveExecution> {
    if (typeof taskToken !== 'string') throw new SfnServiceError('InvalidToken', 'Invalid task token');
    const executionArn = executionArnOfTaskToken(taskToken);
    const live = this.executions.get(executionArn);
    if (live) return live;
    const finished = this.finished.get(executionArn);
    if (finished) {
      const record = await this.store.readFinished(finished);
      this.throwUnlessActive(record.timedOutTokens.includes(taskToken) ? 'timedOut' : 'unknown');
    }
    throw new SfnServiceError('TaskDoesNotExist', 'Task does not exist');
  }

  /** The error the state's next attempt fails with, if a failure was injected. */
  private takeInjectedFault(stateName: string): string | undefined {
    const fault = this.injectedFaults.get(stateName);
    if (!fault) return undefined;
    if (fault.remaining === 1) this.injectedFaults.delete(stateName);
    else this.injectedFaults.set(stateName, { ...fault, remaining: fault.remaining - 1 });
    return fault.error;
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.inFlight.add(promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(promise);
    }
  }

  private live(run: ExecutionRun): LiveExecution {
    return { run, lock: new AsyncLock(), claims: new Set() };
  }

  private liveExecution(executionArn: string): LiveExecution {
    const live = this.executions.get(executionArn);
    if (!live)
      throw new SfnServiceError('ExecutionDoesNotExist', `Execution does not exist: ${executionArn}`);
    return live;
  }

  private async executionRecord(executionArn: string): Promise<ExecutionRecord> {
    const finished = this.finished.get(executionArn);
    return finished ? this.store.readFinished(finished) : this.liveExecution(executionArn).run.record;
  }

  private summarize(record: FinishedExecution): ExecutionSummary {
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      ...(record.stopDate ? { stopDate: new Date(record.stopDate) } : {}),
    };
  }
}
