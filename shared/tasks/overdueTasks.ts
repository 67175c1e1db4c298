import { countQueryItems } from '#shared/aws/queryCount.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { taskIndexes } from '#shared/tasks/taskIndexes.ts';

/** The CloudWatch metric the daily reminder workflow publishes and the bureau's alarm watches. */
export const overdueTasksMetric = { namespace: 'CommissionerWorkflows', name: 'OverdueTasks' } as const;

/**
 * How many tasks are still open past their deadline at `at`. Reads the sparse open-task
 * index (only open tasks carry its key), so the cost grows with what is pending, not with
 * the table; the deadline filter is applied there and only the count comes back.
 */
export function countOverdueTasks(at: Date): Promise<number> {
  return countQueryItems({
    TableName: requireEnv('TASK_TABLE'),
    IndexName: taskIndexes.openByAge,
    KeyConditionExpression: 'openPartition = :open',
    FilterExpression: '#deadline < :at',
    ExpressionAttributeNames: { '#deadline': 'deadline' },
    ExpressionAttributeValues: { ':open': 'open', ':at': at.toISOString() },
  });
}

/**
 * The count as one CloudWatch Embedded Metric Format log event: CloudWatch Logs turns it
 * into the metric, with no client and no IAM permission beyond the log group's.
 */
export function overdueTasksMetricEvent(count: number, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: overdueTasksMetric.namespace,
          // No dimensions: one programme-wide figure.
          Dimensions: [[]],
          Metrics: [{ Name: overdueTasksMetric.name, Unit: 'Count' }],
        },
      ],
    },
    [overdueTasksMetric.name]: count,
  });
}

/**
 * Counts the overdue tasks and writes the metric event to standard output. Written
 * directly, not with console.log: Lambda prefixes console.log lines with a timestamp and
 * request id, and an EMF event must be the whole log line.
 */
export async function publishOverdueTaskCount(): Promise<{ overdueTasks: number }> {
  const at = now();
  const overdueTasks = await countOverdueTasks(at);
  process.stdout.write(`${overdueTasksMetricEvent(overdueTasks, at)}\n`);
  return { overdueTasks };
}
