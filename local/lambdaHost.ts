import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { entryMetadataKey } from '#infra/teamFunction.ts';
import { localArn, type TemplateResolver } from '#local/cloudFormation.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

interface LocalFunction {
  readonly logicalId: string;
  readonly entry: string;
  readonly environment: Record<string, string>;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  handler?: Handler;
}

/** CloudFormation's defaults for AWS::Lambda::Function. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_SIZE_MB = 128;

/** What Lambda reports for an invocation that ran past its function's timeout. */
export class LambdaTimeoutError extends Error {
  constructor(requestId: string, timeoutSeconds: number) {
    super(`RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'Sandbox.Timedout';
  }
}

/**
 * What Step Functions reports when Lambda had no concurrency left for a task's invocation
 * (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html): a
 * throttle the task's Retry takes, never a function error.
 */
export class LambdaThrottledError extends Error {
  constructor(functionName: string) {
    super(`Rate Exceeded. (${functionName}: no concurrency left)`);
    this.name = 'Lambda.TooManyRequestsException';
  }
}

/**
 * How many invocations the workflows' tasks may have in flight at once on this machine: its share
 * of what Lambda calls the account's concurrency. Past it an invocation is throttled at once, as
 * Lambda throttles, instead of queueing behind the others until every one overruns its timeout
 * (a clock that closes a thousand notices at once). High enough that steady work does not meet
 * it: at 16 a 100-commissioner bench run was throttled 741 times outside any burst, and a
 * 600-commissioner run stopped on a task that had not opened within 60 s (throttled retries back
 * off up to 30 s each).
 */
export const defaultTaskConcurrency = 64;

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/**
 * Runs the template's Lambda functions in this process: each is the handler module CDK
 * bundles (named by the function's template metadata), with the environment the template
 * gives it.
 */
export class LambdaHost {
  private readonly functions = new Map<string, LocalFunction>();
  private tasksInFlight = 0;

  constructor(
    resolver: TemplateResolver,
    private readonly repositoryRoot: string,
    private readonly taskConcurrency = defaultTaskConcurrency,
  ) {
    for (const [logicalId, resource] of resolver.resourcesOfType('AWS::Lambda::Function')) {
      const entry = resource.Metadata?.[entryMetadataKey];
      if (typeof entry !== 'string') continue;
      const variables = resolver.resolve(
        (resource.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
      ) as Record<string, string>;
      const local = {
        logicalId,
        entry,
        environment: variables,
        timeoutSeconds: positiveNumber(
          resolver.resolve(resource.Properties?.Timeout),
          DEFAULT_TIMEOUT_SECONDS,
        ),
        memorySizeMb: positiveNumber(
          resolver.resolve(resource.Properties?.MemorySize),
          DEFAULT_MEMORY_SIZE_MB,
        ),
      };
      this.functions.set(logicalId, local);
      this.functions.set(localArn('AWS::Lambda::Function', logicalId), local);
    }
  }

  /**
   * The functions share one process, so their variables must agree: a clash would mean a
   * handler reads another function's setting. Checked once, then set process-wide, with
   * the values only known on this machine (such as the console's address) on top.
   */
  applyEnvironment(localValues: Record<string, string>): void {
    const merged = new Map<string, { value: string; from: string }>();
    for (const fn of new Set(this.functions.values())) {
      for (const [name, value] of Object.entries(fn.environment)) {
        const seen = merged.get(name);
        if (seen && seen.value !== value) {
          throw new Error(`${name} is ${seen.value} for ${seen.from} but ${value} for ${fn.logicalId}`);
        }
        merged.set(name, { value, from: fn.logicalId });
      }
    }
    for (const [name, { value }] of merged) process.env[name] = value;
    Object.assign(process.env, localValues);
  }

  functionFor(nameOrArn: string): LocalFunction {
    const fn = this.functions.get(nameOrArn);
    if (!fn) throw new Error(`No local function ${nameOrArn}`);
    return fn;
  }

  /**
   * A workflow task's invocation: throttled (`Lambda.TooManyRequestsException`) when the tasks'
   * share of the concurrency is taken, otherwise run as `invoke` runs it.
   */
  async invokeForTask(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.functionFor(nameOrArn);
    if (this.tasksInFlight >= this.taskConcurrency) throw new LambdaThrottledError(fn.logicalId);
    this.tasksInFlight += 1;
    try {
      return await this.invoke(nameOrArn, event);
    } finally {
      this.tasksInFlight -= 1;
    }
  }

  /**
   * Runs the function's handler; past the function's Timeout (real time: a handler's run time is
   * real, whatever the advanceable clock says) the invocation fails as Lambda reports it. The
   * handler cannot be killed in this shared process: it runs on, its result ignored.
   */
  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.functionFor(nameOrArn);
    if (!fn.handler) {
      const module = (await import(pathToFileURL(`${this.repositoryRoot}/${fn.entry}`).href)) as {
        handler: Handler;
      };
      fn.handler = module.handler;
    }
    const requestId = randomUUID();
    const started = Date.now();
    const timeoutMs = fn.timeoutSeconds * 1000;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: fn.logicalId,
      functionVersion: '$LATEST',
      invokedFunctionArn: localArn('AWS::Lambda::Function', fn.logicalId),
      memoryLimitInMB: String(fn.memorySizeMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${fn.logicalId}`,
      logStreamName: requestId,
      getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    const run = Promise.resolve(fn.handler(JSON.parse(JSON.stringify(event)), context));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LambdaTimeoutError(requestId, fn.timeoutSeconds)), timeoutMs);
    });
    try {
      return await Promise.race([run, timedOut]);
    } finally {
      clearTimeout(timer);
      // Its late failure (if any) is no one's to handle any more.
      run.catch(() => undefined);
    }
  }
}
