import { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { serviceName } from '#shared/observability/service.ts';

/**
 * The one structured logger of every function: JSON lines with the service, the level (from
 * POWERTOOLS_LOG_LEVEL, INFO unless set), and per invocation the request id, the workflow
 * execution's name and the task id when the event carries them.
 */
export const logger = new Logger({ serviceName });

/**
 * What the event says about the work it belongs to: a workflow task's payload carries
 * `executionName` (and `taskId` where a task is concerned); an API request, API Gateway's
 * request id, which answers carry too.
 */
function keysOf(event: unknown): { executionName?: string; taskId?: string; correlationId?: string } {
  if (typeof event !== 'object' || event === null) return {};
  const { executionName, taskId, requestContext } = event as Record<string, unknown>;
  const requestId = (requestContext as { requestId?: unknown } | undefined)?.requestId;
  return {
    ...(typeof executionName === 'string' ? { executionName } : {}),
    ...(typeof taskId === 'string' ? { taskId } : {}),
    ...(typeof requestId === 'string' ? { correlationId: requestId } : {}),
  };
}

/** Gives the invocation's log lines its request id and the event's keys. */
export function startInvocationLog(event: unknown, context: Context): void {
  logger.addContext(context);
  const { correlationId, ...keys } = keysOf(event);
  logger.appendKeys(keys);
  if (correlationId) logger.setCorrelationId(correlationId);
}

/** Drops the invocation's keys, so the next invocation of a warm container starts clean. */
export function endInvocationLog(): void {
  logger.resetKeys();
}

/**
 * The middleware for functions that are not API routes (workflow tasks, scheduled jobs):
 * the invocation's keys on every line, and a failure logged with them before it is rethrown
 * to Step Functions or Scheduler.
 */
export function observed<Event, Result>(): middy.MiddlewareObj<Event, Result> {
  return {
    before: (request) => startInvocationLog(request.event, request.context),
    after: () => endInvocationLog(),
    onError: (request) => {
      logger.error('The invocation failed', request.error as Error);
      endInvocationLog();
    },
  };
}
