import type { JsonValue, StateMachineDefinition, TaskState } from '#local/engine/asl.ts';
import { type InvokeLambda, type LambdaInvocationMeta, LocalStepFunctions } from '#local/engine/engine.ts';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

export function stateMachineArn(name: string): string {
  return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
}

export function functionArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

/** A clock that only moves when told to, like the project's clock after POST /local/clock. */
export class FakeClock {
  private currentMs = Date.parse('2030-01-01T00:00:00.000Z');

  readonly now = (): Date => new Date(this.currentMs);

  advanceSeconds(seconds: number): void {
    this.currentMs += seconds * 1000;
  }
}

export interface LambdaCall {
  functionName: string;
  payload: JsonValue;
  meta: LambdaInvocationMeta;
}

/** Records every Lambda call; `handler` decides what each returns or throws. */
export class LambdaRecorder {
  readonly calls: LambdaCall[] = [];

  constructor(private readonly handler: InvokeLambda = async () => ({})) {}

  readonly invoke: InvokeLambda = async (functionName, payload, meta) => {
    this.calls.push({ functionName, payload, meta });
    return this.handler(functionName, payload, meta);
  };

  tokensOf(stateName: string): string[] {
    return this.calls
      .filter((call) => call.meta.stateName === stateName)
      .flatMap((call) => call.meta.taskToken ?? []);
  }

  tokenOf(stateName: string): string {
    const [token] = this.tokensOf(stateName);
    if (!token) throw new Error(`No task token was handed to ${stateName}`);
    return token;
  }
}

export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function createEngine(options: {
  clock?: FakeClock;
  lambda?: LambdaRecorder;
  dataDir?: string;
}): LocalStepFunctions {
  return new LocalStepFunctions({
    now: (options.clock ?? new FakeClock()).now,
    invokeLambda: (options.lambda ?? new LambdaRecorder()).invoke,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
}

/**
 * Registers the definition under `name`, starts one execution of it and waits until it has
 * gone as far as it can (StartExecution itself answers before the first step).
 */
export async function startMachine(
  engine: LocalStepFunctions,
  name: string,
  definition: StateMachineDefinition,
  input: JsonValue = {},
): Promise<string> {
  engine.registerStateMachine({ stateMachineArn: stateMachineArn(name), name, definition });
  const { executionArn } = await engine.startExecution({
    stateMachineArn: stateMachineArn(name),
    input: JSON.stringify(input),
  });
  await engine.idle();
  return executionArn;
}

/** A `.waitForTaskToken` Lambda task handing its token to the function in `Payload.token`. */
export function tokenTask(functionName: string, extra: Partial<TaskState>): TaskState {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: { FunctionName: functionName, Payload: { 'token.$': '$$.Task.Token', 'input.$': '$' } },
    ...extra,
  };
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected the promise to reject');
}
