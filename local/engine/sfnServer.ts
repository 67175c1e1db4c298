import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionStatus, LocalStepFunctions } from './engine.ts';
import { SfnServiceError } from './errors.ts';

/**
 * The Step Functions API over HTTP (AWS JSON 1.0 protocol), so that the unchanged
 * `@aws-sdk/client-sfn` can talk to the local engine. Request signatures are not checked.
 */

type RequestBody = Record<string, unknown>;
type Operation = (engine: LocalStepFunctions, body: RequestBody) => unknown;

function requiredString(body: RequestBody, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new SfnServiceError('ValidationException', `${field} is required`);
  return value;
}

function optionalString(body: RequestBody, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new SfnServiceError('ValidationException', `${field} must be a string`);
  return value;
}

const EXECUTION_STATUSES: readonly string[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

function optionalStatus(body: RequestBody): ExecutionStatus | undefined {
  const status = optionalString(body, 'statusFilter');
  if (status !== undefined && !EXECUTION_STATUSES.includes(status)) {
    throw new SfnServiceError('ValidationException', `Unknown statusFilter ${status}`);
  }
  return status as ExecutionStatus | undefined;
}

function optionalInteger(body: RequestBody, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new SfnServiceError('ValidationException', `${field} must be a whole number`);
  return value;
}

const OPERATIONS: Record<string, Operation> = {
  ListStateMachines: (engine, body) =>
    engine.listStateMachines({
      maxResults: optionalInteger(body, 'maxResults'),
      nextToken: optionalString(body, 'nextToken'),
    }),
  DescribeStateMachine: (engine, body) =>
    engine.describeStateMachine({ stateMachineArn: requiredString(body, 'stateMachineArn') }),
  StartExecution: (engine, body) =>
    engine.startExecution({
      stateMachineArn: requiredString(body, 'stateMachineArn'),
      name: optionalString(body, 'name'),
      input: optionalString(body, 'input'),
    }),
  DescribeExecution: (engine, body) =>
    engine.describeExecution({ executionArn: requiredString(body, 'executionArn') }),
  ListExecutions: (engine, body) =>
    engine.listExecutions({
      stateMachineArn: optionalString(body, 'stateMachineArn'),
      statusFilter: optionalStatus(body),
    }),
  GetExecutionHistory: (engine, body) =>
    engine.getExecutionHistory({ executionArn: requiredString(body, 'executionArn') }),
  StopExecution: (engine, body) =>
    engine.stopExecution({
      executionArn: requiredString(body, 'executionArn'),
      error: optionalString(body, 'error'),
      cause: optionalString(body, 'cause'),
    }),
  SendTaskSuccess: (engine, body) =>
    engine.sendTaskSuccess({
      taskToken: requiredString(body, 'taskToken'),
      output: requiredString(body, 'output'),
    }),
  SendTaskFailure: (engine, body) =>
    engine.sendTaskFailure({
      taskToken: requiredString(body, 'taskToken'),
      error: optionalString(body, 'error'),
      cause: optionalString(body, 'cause'),
    }),
  SendTaskHeartbeat: (engine, body) =>
    engine.sendTaskHeartbeat({ taskToken: requiredString(body, 'taskToken') }),
};

/** The SDK sends camelCase members; PascalCase ones (as in the API reference) are accepted too. */
function camelCaseKeys(body: unknown): RequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SfnServiceError('SerializationException', 'The request body must be a JSON object');
  }
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key.charAt(0).toLowerCase() + key.slice(1), value]),
  );
}

/** The AWS JSON protocol sends timestamps as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toWire(inner)]));
  }
  return value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.0',
    ...(errorType ? { 'X-Amzn-ErrorType': errorType } : {}),
  });
  response.end(JSON.stringify(body));
}

async function handle(engine: LocalStepFunctions, request: IncomingMessage, response: ServerResponse) {
  try {
    const target = request.headers['x-amz-target'];
    const operationName = typeof target === 'string' ? target.replace(/^AWSStepFunctions\./, '') : '';
    const operation = request.method === 'POST' ? OPERATIONS[operationName] : undefined;
    if (!operation) throw new SfnServiceError('UnknownOperationException', `Unsupported operation ${target}`);
    const text = await readBody(request);
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new SfnServiceError('SerializationException', 'The request body is not valid JSON');
    }
    reply(response, 200, toWire(await operation(engine, camelCaseKeys(parsed))));
  } catch (error) {
    if (error instanceof SfnServiceError) {
      reply(response, 400, { __type: error.name, message: error.message }, error.name);
    } else {
      reply(response, 500, { __type: 'InternalFailure', message: String(error) }, 'InternalFailure');
    }
  }
}

export interface SfnServer {
  url: string;
  close(): Promise<void>;
}

export async function startSfnServer(
  engine: LocalStepFunctions,
  options: { port?: number; host?: string } = {},
): Promise<SfnServer> {
  const server = createServer((request, response) => {
    void handle(engine, request, response);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
