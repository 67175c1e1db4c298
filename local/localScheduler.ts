import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localAccount, localRegion } from '#local/cloudFormation.ts';
import { JsonLinesJournal } from '#local/jsonLinesJournal.ts';
import { NotFoundError } from '#shared/errors.ts';

interface StoredSchedule {
  readonly name: string;
  readonly group: string;
  readonly expression: string;
  readonly timeZone: string;
  /** When it fires, on the system's clock. */
  readonly dueAt: string;
  readonly targetArn: string;
  readonly input: string;
  readonly deleteAfterCompletion: boolean;
  readonly failures: number;
  /** After a failure, when the target is tried again (backing off, as Scheduler does). */
  readonly retryAt?: string;
  /** A daily `cron(...)` schedule comes round again; a one-time one does not. */
  readonly recurring?: boolean;
  readonly retryPolicy?: RetryPolicy;
  /** The SQS queue AWS would hand an event whose retries ran out. */
  readonly deadLetterArn?: string;
}

interface RetryPolicy {
  readonly MaximumRetryAttempts?: number;
  readonly MaximumEventAgeInSeconds?: number;
}

/** An occurrence whose target kept failing past its retry policy: AWS drops it (or sends it to the DLQ); here it is kept in view. */
export interface DeadLetter {
  readonly schedule: string;
  readonly group: string;
  readonly scheduledTime: string;
  readonly targetArn: string;
  readonly input: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly droppedAt: string;
  /** Where AWS would deliver it; none means AWS would lose it. */
  readonly deadLetterArn?: string;
}

/** One change, as the journal keeps it: a schedule as it now is, a schedule gone, an occurrence dropped. */
type ScheduleChange =
  | { readonly schedule: StoredSchedule }
  | { readonly deleted: string }
  | { readonly deadLetter: DeadLetter };

interface CreateScheduleBody {
  GroupName?: string;
  ScheduleExpression?: string;
  ScheduleExpressionTimezone?: string;
  ActionAfterCompletion?: string;
  Target?: { Arn?: string; Input?: string; RetryPolicy?: RetryPolicy; DeadLetterConfig?: { Arn?: string } };
}

/** EventBridge Scheduler's defaults when a target gives no retry policy. */
const defaultRetryAttempts = 185;
const defaultEventAgeSeconds = 86_400;

/** AWS's pattern for `DeadLetterConfig.Arn`: a standard SQS queue. */
const sqsQueueArn = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/;

/**
 * The request's constraint violations, worded as AWS's services word them
 * ("1 validation error detected: Value '…' at '…' failed to satisfy constraint: …").
 */
function constraintViolations(body: CreateScheduleBody): string | undefined {
  const violations: string[] = [];
  const range = (value: unknown, path: string, min: number, max: number) => {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value))
      violations.push(
        `Value '${String(value)}' at '${path}' failed to satisfy constraint: Member must be an integer`,
      );
    else if (value < min)
      violations.push(
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
      );
    else if (value > max)
      violations.push(
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
      );
  };
  const retry = body.Target?.RetryPolicy;
  range(retry?.MaximumRetryAttempts, 'target.retryPolicy.maximumRetryAttempts', 0, 185);
  range(retry?.MaximumEventAgeInSeconds, 'target.retryPolicy.maximumEventAgeInSeconds', 60, 86_400);
  const deadLetter = body.Target?.DeadLetterConfig;
  if (deadLetter && (typeof deadLetter.Arn !== 'string' || !sqsQueueArn.test(deadLetter.Arn)))
    violations.push(
      `Value '${String(deadLetter.Arn)}' at 'target.deadLetterConfig.arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${sqsQueueArn.source}`,
    );
  if (violations.length === 0) return undefined;
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  return `${count} detected: ${violations.join('; ')}`;
}

const minuteMs = 60_000;

/**
 * Scheduler retries "with exponential backoff" without publishing its steps: here 1 s after the
 * first failure, doubling up to 10 minutes, so a target down for a while is not given up on in
 * seconds (185 attempts then span about a day, like the default 24-hour event age).
 */
export function retryBackoffMs(failures: number): number {
  return Math.min(1000 * 2 ** (failures - 1), 10 * minuteMs);
}
const startOfMinute = (instant: Date) => Math.floor(instant.getTime() / minuteMs) * minuteMs;

/** UTC offsets of the time zones schedules are written in here; China keeps no daylight saving. */
const utcOffsetHours: Record<string, number> = { UTC: 0, 'Asia/Shanghai': 8 };

/**
 * `at(2025-03-01T00:00:00)` in a time zone, as the minute it fires in: Scheduler invokes
 * targets with one-minute precision (at 1:00 means between 1:00:00 and 1:00:59), so the
 * seconds name no instant of their own.
 */
export function oneTimeScheduleInstant(expression: string, timeZone = 'UTC'): Date {
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression)?.[1];
  if (!at) throw new Error(`Only one-time at(...) schedules run locally, not ${expression}`);
  const offset = utcOffsetHours[timeZone];
  if (offset === undefined) throw new Error(`The time zone ${timeZone} is not known locally`);
  return new Date(startOfMinute(new Date(Date.parse(`${at}Z`) - offset * 3600 * 1000)));
}

/** `cron(M H * * ? *)`: the only recurring form run locally, daily at H:M in the time zone. */
function nextDailyOccurrence(expression: string, timeZone: string, after: Date): Date {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression);
  if (!match) throw new Error(`Only daily cron(M H * * ? *) schedules recur locally, not ${expression}`);
  const offset = utcOffsetHours[timeZone];
  if (offset === undefined) throw new Error(`The time zone ${timeZone} is not known locally`);
  const local = new Date(after.getTime() + offset * 3600 * 1000);
  const candidate = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate(),
    Number(match[2]),
    Number(match[1]),
  );
  const atLocal = candidate > local.getTime() ? candidate : candidate + 86_400_000;
  return new Date(atLocal - offset * 3600 * 1000);
}

/** What EventBridge Scheduler puts into a target's input. */
function withContext(input: string, scheduledTime: string): string {
  return input.replaceAll('<aws.scheduler.scheduled-time>', scheduledTime);
}

/**
 * EventBridge Scheduler on one machine: CreateSchedule, GetSchedule and DeleteSchedule
 * served on loopback (so the handlers' SchedulerClient works unchanged), schedules kept
 * in a journal file, and fired when the system's clock reaches them.
 */
export class LocalScheduler {
  private schedules = new Map<string, StoredSchedule>();
  private deadLetters: DeadLetter[] = [];
  private server: Server | undefined;
  private firing: Promise<void> | undefined;
  private readonly journal: JsonLinesJournal<ScheduleChange> | undefined;

  /**
   * `file`: the journal (JSON lines). Each change appends one line, whatever the number of
   * schedules (a programme of 2,000 agreements makes some 8,000), and the last line about a
   * schedule wins when it is read.
   */
  constructor(
    file: string | undefined,
    private readonly invoke: (targetArn: string, input: unknown) => Promise<unknown>,
    private readonly now: () => Date,
  ) {
    this.journal = file === undefined ? undefined : new JsonLinesJournal(file);
  }

  /**
   * Reads the journal, and writes it again without the lines later ones outdid once they are
   * most of it. A data folder from before the journal kept the schedules in `schedules.json`
   * (one JSON array, dead letters beside it): they are carried over once.
   */
  async load(): Promise<void> {
    if (!this.journal) return;
    const changes = await this.journal.read();
    if (changes === undefined) {
      await this.carryOverSnapshot(this.journal.file.replace(/\.jsonl$/, '.json'));
      return;
    }
    for (const change of changes) this.apply(change);
    if (changes.length > 2 * (this.schedules.size + this.deadLetters.length) + 100) await this.compact();
  }

  private async carryOverSnapshot(snapshot: string): Promise<void> {
    const text = await readFile(snapshot, 'utf8').catch(() => undefined);
    const dropped = await readFile(snapshot.replace(/\.json$/, '.dead-letters.json'), 'utf8').catch(
      () => undefined,
    );
    if (text === undefined && dropped === undefined) return;
    for (const schedule of text ? (JSON.parse(text) as StoredSchedule[]) : []) {
      this.apply({ schedule });
    }
    for (const deadLetter of dropped ? (JSON.parse(dropped) as DeadLetter[]) : []) this.apply({ deadLetter });
    await this.compact();
  }

  private apply(change: ScheduleChange): void {
    if ('schedule' in change) {
      this.schedules.set(`${change.schedule.group}/${change.schedule.name}`, change.schedule);
    } else if ('deleted' in change) {
      this.schedules.delete(change.deleted);
    } else {
      this.deadLetters.push(change.deadLetter);
    }
  }

  /** The journal as it stands: one line a schedule and a dead letter. */
  private compact(): Promise<void> {
    return (
      this.journal?.rewrite([
        ...[...this.schedules.values()].map((schedule) => ({ schedule })),
        ...this.deadLetters.map((deadLetter) => ({ deadLetter })),
      ]) ?? Promise.resolve()
    );
  }

  /**
   * Makes a change and appends it to the journal, in the order the changes were made (a
   * CreateSchedule from a handler can arrive while the clock fires another schedule).
   */
  private record(change: ScheduleChange): Promise<void> {
    this.apply(change);
    return this.journal?.append(change) ?? Promise.resolve();
  }

  /** Runs every schedule that is due; a failing target is tried again once its back-off has passed. */
  fireDue(): Promise<void> {
    this.firing ??= this.fireDueNow().finally(() => {
      this.firing = undefined;
    });
    return this.firing;
  }

  /**
   * Fires occurrences one at a time, earliest first across all schedules, so a clock jump
   * of several days replays them in the order they would have run (a period opens before
   * the next morning's reminders read it).
   */
  private async fireDueNow(): Promise<void> {
    const stalled = new Set<string>();
    for (;;) {
      const nowIso = this.now().toISOString();
      // One pass for the earliest (the first made, of equals), not a sort of every schedule per occurrence.
      let next: [string, StoredSchedule] | undefined;
      for (const entry of this.schedules) {
        const [key, schedule] = entry;
        if ((schedule.retryAt ?? schedule.dueAt) > nowIso || stalled.has(key)) continue;
        if (!next || schedule.dueAt < next[1].dueAt) next = entry;
      }
      if (!next) return;
      const [key, schedule] = next;
      if (!(await this.fire(key, schedule)) && this.schedules.has(key)) stalled.add(key);
    }
  }

  /** The occurrence is over (delivered, or dropped after its retries): what the schedule becomes. */
  private afterOccurrence({ retryAt: _, ...schedule }: StoredSchedule): StoredSchedule | undefined {
    return schedule.recurring
      ? {
          ...schedule,
          failures: 0,
          dueAt: nextDailyOccurrence(
            schedule.expression,
            schedule.timeZone,
            new Date(schedule.dueAt),
          ).toISOString(),
        }
      : schedule.deleteAfterCompletion
        ? undefined
        : { ...schedule, failures: 0, dueAt: '9999-12-31T00:00:00.000Z' };
  }

  /**
   * Runs one occurrence; returns the schedule as it stands afterwards (undefined once deleted or
   * failed). A failing target is tried again after a back-off until its retry policy runs out
   * (attempts or the event's age, as Scheduler counts them); then the occurrence is dropped into
   * the dead-letter list rather than lost.
   */
  private async fire(key: string, schedule: StoredSchedule): Promise<StoredSchedule | undefined> {
    try {
      await this.invoke(schedule.targetArn, JSON.parse(withContext(schedule.input || '{}', schedule.dueAt)));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', schedule: key, error: String(error) }));
      const attempts = schedule.failures + 1;
      const retries = schedule.retryPolicy?.MaximumRetryAttempts ?? defaultRetryAttempts;
      const maximumAgeMs = (schedule.retryPolicy?.MaximumEventAgeInSeconds ?? defaultEventAgeSeconds) * 1000;
      const now = this.now();
      if (attempts <= retries && now.getTime() - Date.parse(schedule.dueAt) < maximumAgeMs) {
        const retryAt = new Date(now.getTime() + retryBackoffMs(attempts)).toISOString();
        await this.record({ schedule: { ...schedule, failures: attempts, retryAt } });
        return undefined;
      }
      await this.record({
        deadLetter: {
          schedule: schedule.name,
          group: schedule.group,
          scheduledTime: schedule.dueAt,
          targetArn: schedule.targetArn,
          input: schedule.input,
          attempts,
          lastError: String(error),
          droppedAt: now.toISOString(),
          ...(schedule.deadLetterArn ? { deadLetterArn: schedule.deadLetterArn } : {}),
        },
      });
    }
    const next = this.afterOccurrence(schedule);
    await this.record(next ? { schedule: next } : { deleted: key });
    return next;
  }

  /**
   * A recurring schedule the template defines (AWS::Scheduler::Schedule). Registering it
   * again after a restart keeps where it had got to.
   */
  async registerRecurring(definition: {
    name: string;
    group: string;
    expression: string;
    timeZone: string;
    targetArn: string;
    input: string;
    retryPolicy?: RetryPolicy;
    deadLetterArn?: string;
  }): Promise<void> {
    const key = `${definition.group}/${definition.name}`;
    const existing = this.schedules.get(key);
    const { retryPolicy, deadLetterArn, ...timing } = definition;
    const target = { ...(retryPolicy ? { retryPolicy } : {}), ...(deadLetterArn ? { deadLetterArn } : {}) };
    if (existing?.expression === definition.expression && existing.timeZone === definition.timeZone) {
      // Where it had got to stays; what the template now says about failures applies.
      const { retryPolicy: _retry, deadLetterArn: _deadLetter, ...kept } = existing;
      await this.record({ schedule: { ...kept, ...target } });
      return;
    }
    await this.record({
      schedule: {
        ...timing,
        ...target,
        dueAt: nextDailyOccurrence(definition.expression, definition.timeZone, this.now()).toISOString(),
        deleteAfterCompletion: false,
        failures: 0,
        recurring: true,
      },
    });
  }

  /** Runs a schedule's target now, as if it had come due (for demos and tests). */
  async runNow(name: string): Promise<unknown> {
    const schedule = [...this.schedules.values()].find((candidate) => candidate.name === name);
    if (!schedule) throw new NotFoundError(`No schedule ${name}`);
    return this.invoke(
      schedule.targetArn,
      JSON.parse(withContext(schedule.input || '{}', this.now().toISOString())),
    );
  }

  private async create(name: string, body: CreateScheduleBody): Promise<{ status: number; body: unknown }> {
    const group = body.GroupName ?? 'default';
    const key = `${group}/${name}`;
    if (this.schedules.has(key))
      return { status: 409, body: { Message: `Schedule ${name} already exists.` } };
    if (!body.ScheduleExpression || !body.Target?.Arn) {
      return { status: 400, body: { Message: 'ScheduleExpression and Target.Arn are required' } };
    }
    const violations = constraintViolations(body);
    if (violations) return { status: 400, body: { Message: violations } };
    const timeZone = body.ScheduleExpressionTimezone ?? 'UTC';
    let dueAt: Date;
    try {
      dueAt = oneTimeScheduleInstant(body.ScheduleExpression, timeZone);
    } catch {
      return { status: 400, body: { Message: `Invalid Schedule Expression ${body.ScheduleExpression}.` } };
    }
    // Scheduler refuses a one-time schedule whose minute has gone by: it would never fire.
    if (dueAt.getTime() < startOfMinute(this.now()))
      return {
        status: 400,
        body: { Message: `Invalid Schedule Expression ${body.ScheduleExpression}: the time is in the past.` },
      };
    const { RetryPolicy: retryPolicy, DeadLetterConfig: deadLetter } = body.Target;
    await this.record({
      schedule: {
        name,
        group,
        expression: body.ScheduleExpression,
        timeZone,
        dueAt: dueAt.toISOString(),
        targetArn: body.Target.Arn,
        input: body.Target.Input ?? '{}',
        deleteAfterCompletion: body.ActionAfterCompletion === 'DELETE',
        failures: 0,
        ...(retryPolicy ? { retryPolicy } : {}),
        ...(deadLetter?.Arn ? { deadLetterArn: deadLetter.Arn } : {}),
      },
    });
    return {
      status: 200,
      body: { ScheduleArn: `arn:aws:scheduler:${localRegion}:${localAccount}:schedule/${group}/${name}` },
    };
  }

  /** Schedules waiting to fire, soonest first. */
  list(): StoredSchedule[] {
    return [...this.schedules.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /** Occurrences dropped after their retries, oldest first. */
  listDeadLetters(): DeadLetter[] {
    return [...this.deadLetters];
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://local');
        const name = decodeURIComponent(url.pathname.replace(/^\/schedules\//, ''));
        const group = url.searchParams.get('groupName') ?? 'default';
        const reply = (status: number, body: unknown, errorType?: string) => {
          response.writeHead(status, {
            'content-type': 'application/json',
            ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
          });
          response.end(JSON.stringify(body));
        };
        const handle = async () => {
          if (!url.pathname.startsWith('/schedules/'))
            return reply(404, { Message: 'Not found' }, 'ResourceNotFoundException');
          if (request.method === 'POST') {
            const result = await this.create(
              name,
              JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
            );
            const errorType =
              result.status === 409
                ? 'ConflictException'
                : result.status === 400
                  ? 'ValidationException'
                  : undefined;
            return reply(result.status, result.body, errorType);
          }
          const found = this.schedules.get(`${group}/${name}`);
          if (!found)
            return reply(404, { Message: `Schedule ${name} does not exist.` }, 'ResourceNotFoundException');
          if (request.method === 'DELETE') {
            await this.record({ deleted: `${group}/${name}` });
            return reply(200, {});
          }
          return reply(200, {
            Name: found.name,
            GroupName: found.group,
            ScheduleExpression: found.expression,
            ScheduleExpressionTimezone: found.timeZone,
            Target: {
              Arn: found.targetArn,
              Input: found.input,
              ...(found.retryPolicy ? { RetryPolicy: found.retryPolicy } : {}),
              ...(found.deadLetterArn ? { DeadLetterConfig: { Arn: found.deadLetterArn } } : {}),
            },
          });
        };
        handle().catch((error: unknown) => reply(500, { Message: String(error) }, 'InternalServerException'));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await this.firing;
    await this.journal?.written();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
