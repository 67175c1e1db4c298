import type { Role } from '#shared/identity.ts';
import { taskIdFor, taskKindRules } from '#shared/tasks/kinds.ts';
import type { TaskKind, TaskSubjectType } from '#shared/tasks/model.ts';
import { ApiClient } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';

/** What one route answered, and how long each call took (ms, as the caller saw it). */
export interface RouteTimings {
  readonly route: string;
  readonly samples: number[];
  /** Status codes seen, with how often. */
  readonly statuses: Record<number, number>;
}

export interface ApiAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the benchmark reads whatever JSON the API answers
  readonly body: any;
}

export class UnexpectedStatusError extends Error {}

/** Attempts of a call its route's throttle refused (429) before the bench gives up on it. */
const maxThrottledAttempts = 10;
/**
 * How the bench reads again until a step's outcome shows: with 16 commissioners in flight, reads
 * 500 ms apart stay under a route's 50 requests a second, as people in the console would.
 */
export const pollIntervalMs = 500;
/** How long the bench waits for a step's outcome outside a burst; the waits for tasks are reported (`taskOpenWaits`). */
export const pollTimeoutMs = 60_000;
/**
 * How long the bench waits for the outcome of a burst: when the clock closes every notice at once
 * or the bureau opens a year for every agreement, the steps past the tasks' 64 in flight are
 * throttled and retried for up to about 8 minutes (`retryTransientFailures`).
 */
export const throttledBurstMs = 10 * 60_000;

/**
 * How often a wait that has not yet seen its outcome looks for a failed step: a step that kept
 * failing (a function cut off by its timeout is not retried by the workflow) leaves its workflow
 * waiting for the bureau's retry.
 */
const failedStepCheckMs = 15_000;
/** Retries of one wait's failed step before the bench gives up on it: a step that fails every time is a fault to report. */
const maxRetriesPerWait = 3;

/** The records the bench reads until a step's outcome shows, by the workflow subject each is. */
const recordSubjects: Readonly<Record<string, TaskSubjectType>> = {
  '/applications/{id}': 'application',
  '/demands/{id}': 'demand',
  '/dispatches/{id}': 'dispatch',
  '/agreements/{id}': 'agreement',
};

/** A task's id is its kind, then its subject's id (`taskIdFor`): the kind, read back. */
export function kindOfTaskId(taskId: string): string {
  return taskId.slice(0, taskId.indexOf('.'));
}

/** A workflow's subject: its kind and its record's id. */
interface WorkflowSubject {
  readonly type: TaskSubjectType;
  readonly id: string;
}

/** How long the bench waited for the tasks of one kind to open after the step before them (ms). */
export interface TaskOpenWaits {
  readonly kind: string;
  readonly samples: number[];
}

/**
 * An HTTP client for the running system that times every call and groups the timings by
 * route template (`POST /reports/{id}/versions`), so each route gets its own percentiles.
 * Calls name the template and its parameters, so nothing has to guess a template back from a URL.
 */
export class TimedApi {
  private readonly timings = new Map<string, RouteTimings>();
  /** Calls a route's throttle refused and the bench made again. */
  throttled = 0;
  /** The bureau's retry tasks the bench completed, a failed step each. */
  readonly retriedSteps: string[] = [];
  private bureauToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  /**
   * From now on a wait that does not see its outcome retries its workflow's failed step as the
   * bureau, as an admin does from the console's task list: a year of a programme has the bureau
   * answer those too.
   */
  retryFailedStepsAs(bureauToken: string): void {
    this.bureauToken = bureauToken;
  }

  async call(
    method: 'GET' | 'POST' | 'PUT',
    template: string,
    options: {
      params?: Record<string, string>;
      token?: string;
      body?: unknown;
      /** The statuses this step expects; anything else throws (the benchmark must not measure failures). */
      expect?: readonly number[];
    } = {},
  ): Promise<ApiAnswer> {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new Error(`${template} needs the parameter ${name}`);
      return encodeURIComponent(value);
    });
    const started = performance.now();
    let response: Response;
    let text: string;
    for (let attempt = 1; ; attempt += 1) {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      text = await response.text();
      // The route's throttle refused it, as API Gateway's would: a client backs off and tries again.
      if (response.status !== 429 || attempt === maxThrottledAttempts) break;
      this.throttled += 1;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(50 * 2 ** attempt, 1_000) * (0.5 + Math.random())),
      );
    }
    // What the caller waited, its throttled attempts included.
    const elapsed = performance.now() - started;
    this.record(`${method} ${template}`, response.status, elapsed);
    const body = text ? JSON.parse(text) : {};
    const expected = options.expect ?? [200, 201, 202];
    if (!expected.includes(response.status)) {
      throw new UnexpectedStatusError(
        `${method} ${path} answered ${response.status} (expected ${expected.join(' or ')}): ${text.slice(0, 500)}`,
      );
    }
    return { status: response.status, body };
  }

  /** Makes the membership as the tests do (untimed: it is setup, not the lifecycle), then signs in. */
  async signIn(email: string, role: Role, organization?: string): Promise<string> {
    this.members ??= new ApiClient(this.baseUrl);
    return this.members.signIn(email, role, organization);
  }

  private members: ApiClient | undefined;

  /**
   * Opens the task, as its assignee does in the console, then decides it. StartExecution and
   * SendTaskSuccess answer before the workflow moves on (as in AWS), so the task may open a moment
   * after the step that led to it: the read is repeated until it is open (bounded).
   */
  async completeTask(token: string, taskId: string, decision: string, reason?: string): Promise<ApiAnswer> {
    await this.openTask(token, taskId);
    return this.call('POST', '/tasks/{id}/complete', {
      params: { id: taskId },
      token,
      body: { decision, ...(reason ? { reason } : {}) },
    });
  }

  /** Opens a task, reading it again until it is open (bounded): the step before it may still be on its way. */
  async openTask(token: string, taskId: string, timeoutMs = pollTimeoutMs): Promise<ApiAnswer> {
    const started = performance.now();
    const kind = kindOfTaskId(taskId);
    const rules = Object.hasOwn(taskKindRules, kind) ? taskKindRules[kind as TaskKind] : undefined;
    if (!rules) throw new Error(`${taskId} is not a task id: no task kind ${kind}`);
    const opened = await this.waitFor(
      `task ${taskId} open`,
      () => this.call('GET', '/tasks/{id}', { params: { id: taskId }, token, expect: [200, 404] }),
      (answer) => answer.status === 200 && answer.body.task?.status === 'open',
      timeoutMs,
      { type: rules.subjectType, id: taskId.slice(kind.length + 1) },
    );
    let waits = this.openWaits.get(kind);
    if (!waits) {
      waits = { kind, samples: [] };
      this.openWaits.set(kind, waits);
    }
    waits.samples.push(performance.now() - started);
    return opened;
  }

  private readonly openWaits = new Map<string, TaskOpenWaits>();

  taskOpenWaits(): TaskOpenWaits[] {
    return [...this.openWaits.values()];
  }

  /**
   * Reads a record until `accept` holds, as the console shows the state a step led to: the workflow
   * records it a moment after the step's request answered (bounded, like `completeTask`).
   */
  async readUntil(
    template: string,
    params: Record<string, string>,
    token: string,
    accept: (answer: ApiAnswer) => boolean,
    timeoutMs = pollTimeoutMs,
  ): Promise<ApiAnswer> {
    const subjectType = Object.hasOwn(recordSubjects, template) ? recordSubjects[template] : undefined;
    return this.waitFor(
      `${template} ${JSON.stringify(params)}`,
      () => this.call('GET', template, { params, token }),
      accept,
      timeoutMs,
      subjectType && params.id ? { type: subjectType, id: params.id } : undefined,
    );
  }

  /**
   * Reads until `accept` holds (bounded). Meanwhile, every `failedStepCheckMs` and once more before
   * giving up, it looks whether the subject's workflow waits for the bureau to retry a failed step;
   * if so it retries it (at most `maxRetriesPerWait` times), and the wait starts afresh, as the
   * step runs again.
   */
  private async waitFor(
    what: string,
    read: () => Promise<ApiAnswer>,
    accept: (answer: ApiAnswer) => boolean,
    timeoutMs: number,
    subject: WorkflowSubject | undefined,
  ): Promise<ApiAnswer> {
    for (let retries = 0; ; retries += 1) {
      // Past the bound the wait still reads until its deadline, without retrying.
      const retrying = retries < maxRetriesPerWait ? subject : undefined;
      let nextCheck = performance.now() + failedStepCheckMs;
      let retried = false;
      const readOrRetry = async () => {
        if (retrying && performance.now() >= nextCheck) {
          nextCheck = performance.now() + failedStepCheckMs;
          retried = await this.retryFailedStep(retrying);
        }
        return read();
      };
      let answer: ApiAnswer;
      try {
        answer = await eventually(what, readOrRetry, (a) => retried || accept(a), timeoutMs, pollIntervalMs);
      } catch (error) {
        if (retrying && (await this.retryFailedStep(retrying))) continue;
        throw error;
      }
      // It returned on a retry or on the outcome: only a retry waits afresh.
      if (accept(answer)) return answer;
    }
  }

  /** Retries the subject's failed step as the bureau, if its workflow waits for that; says whether it did. */
  private async retryFailedStep(subject: WorkflowSubject): Promise<boolean> {
    const token = this.bureauToken;
    if (!token) return false;
    const kind: TaskKind = `retry-${subject.type}`;
    const params = { id: taskIdFor(kind, subject.id) };
    const task = await this.call('GET', '/tasks/{id}', { params, token, expect: [200, 404] });
    if (task.status !== 200 || task.body.task?.status !== 'open') return false;
    await this.call('POST', '/tasks/{id}/complete', { params, token, body: { decision: 'retry' } });
    this.retriedSteps.push(params.id);
    return true;
  }

  async clockNow(): Promise<Date> {
    return new Date((await this.call('GET', '/local/clock')).body.now as string);
  }

  /** Moves the system's clock to `hh:mm` China time on `date` (YYYY-MM-DD); everything due runs before it answers. */
  async advanceClockTo(date: string, time: string): Promise<void> {
    const seconds = Math.floor(
      (Date.parse(`${date}T${time}:00+08:00`) - (await this.clockNow()).getTime()) / 1000,
    );
    if (seconds <= 0) throw new Error(`${date} ${time} China time has passed already`);
    await this.call('POST', '/local/clock', { body: { advanceSeconds: seconds } });
  }

  routeTimings(): RouteTimings[] {
    return [...this.timings.values()];
  }

  private record(route: string, status: number, elapsed: number): void {
    let timings = this.timings.get(route);
    if (!timings) {
      timings = { route, samples: [], statuses: {} };
      this.timings.set(route, timings);
    }
    timings.samples.push(elapsed);
    timings.statuses[status] = (timings.statuses[status] ?? 0) + 1;
  }
}
