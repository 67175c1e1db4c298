import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiEvent, type ApiResult, jsonApi } from '#shared/http/jsonApi.ts';
import { logger, observed } from '#shared/observability/logger.ts';
import { countEvent } from '#shared/observability/metrics.ts';

/* What the functions write to standard output (CloudWatch Logs in AWS): log lines and metrics. */

let written: string[] = [];

beforeEach(() => {
  written = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const lines = () =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const contextOf = (awsRequestId: string): Context =>
  ({
    awsRequestId,
    functionName: 'ApplicationStageFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:ApplicationStageFunction',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/ApplicationStageFunction',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

describe('the logger of a workflow task', () => {
  const handler = middy<Record<string, unknown>, void>()
    .use(observed())
    .handler(() => {
      logger.info('recording the step');
    });

  it('puts the request id, the execution name and the task id on the line', async () => {
    // Act
    await handler(
      { executionName: 'application-3f2a', taskId: 'endorse-application:a1' },
      contextOf('req-1'),
    );

    // Assert
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'recording the step',
        service: 'commissioner-workflows',
        function_request_id: 'req-1',
        executionName: 'application-3f2a',
        taskId: 'endorse-application:a1',
      }),
    ]);
  });

  it('does not carry one invocation keys into the next', async () => {
    // Arrange
    await handler({ executionName: 'application-3f2a', taskId: 't1' }, contextOf('req-1'));
    written = [];

    // Act
    await handler({}, contextOf('req-2'));

    // Assert
    const [line] = lines();
    expect(line).toMatchObject({ function_request_id: 'req-2' });
    expect(line).not.toHaveProperty('executionName');
    expect(line).not.toHaveProperty('taskId');
  });

  it('logs a failure with the invocation keys and still fails the invocation', async () => {
    // Arrange
    const failing = middy<Record<string, unknown>, void>()
      .use(observed())
      .handler(() => {
        throw new Error('DynamoDB is unreachable');
      });

    // Act
    const run = failing({ executionName: 'report-9c' }, contextOf('req-3'));

    // Assert
    await expect(run).rejects.toThrow('DynamoDB is unreachable');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        function_request_id: 'req-3',
        executionName: 'report-9c',
        error: expect.objectContaining({ message: 'DynamoDB is unreachable' }),
      }),
    ]);
  });
});

describe('the logger of an API route', () => {
  it('logs an unexpected error once, with the route and both request ids, and answers 500', async () => {
    // Arrange
    const handler = middy<ApiEvent, ApiResult>()
      .use(jsonApi())
      .handler(() => {
        throw new Error('unexpected');
      });
    const event = {
      routeKey: 'GET /rubric',
      requestContext: { requestId: 'api-req-7' },
    } as unknown as ApiEvent;

    // Act
    const response = await handler(event, contextOf('req-7'));

    // Assert
    expect(response.statusCode).toBe(500);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        route: 'GET /rubric',
        function_request_id: 'req-7',
        correlation_id: 'api-req-7',
        error: expect.objectContaining({ message: 'unexpected' }),
      }),
    ]);
  });
});

describe('the programme metrics', () => {
  it.each([
    ['applicationSubmitted', 1, 'ApplicationsSubmitted'],
    ['reportAccepted', 1, 'ReportsAccepted'],
    ['reminderSent', 3, 'RemindersSent'],
    ['taskOverdue', 1, 'TasksOverdue'],
  ] as const)('%s is one EMF line: %i %s in the CommissionerWorkflows namespace', (event, count, name) => {
    // Act
    countEvent(event, count);

    // Assert
    expect(lines()).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: 'CommissionerWorkflows',
              Dimensions: [['service']],
              Metrics: [{ Name: name, Unit: 'Count' }],
            },
          ],
        },
        service: 'commissioner-workflows',
        [name]: count,
      },
    ]);
  });
});
