import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { traced } from '#shared/observability/tracer.ts';

let client: SchedulerClient | undefined;

/** The EventBridge Scheduler client, built on first use; its endpoint follows AWS_ENDPOINT_URL_SCHEDULER. */
export function scheduler(): SchedulerClient {
  client ??= traced(new SchedulerClient({}));
  return client;
}
