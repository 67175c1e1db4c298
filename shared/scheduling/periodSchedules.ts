import { createHash } from 'node:crypto';
import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { requireEnv } from '#shared/config.ts';

/** Created once per container, like the other clients; its endpoint follows AWS_ENDPOINT_URL_SCHEDULER. */
const scheduler = new SchedulerClient({});

/** The programme runs in China; schedules read their times there (no daylight saving). */
export const scheduleTimeZone = 'Asia/Shanghai';

/**
 * A one-time EventBridge Scheduler schedule that opens a report period at the start of
 * its first day and deletes itself. Creating it twice is harmless.
 */
export async function scheduleReportPeriodOpening(periodId: string, startDate: string): Promise<void> {
  const name = `open-period-${createHash('sha256').update(periodId).digest('hex').slice(0, 40)}`;
  try {
    await scheduler.send(
      new CreateScheduleCommand({
        Name: name,
        GroupName: requireEnv('SCHEDULE_GROUP'),
        ScheduleExpression: `at(${startDate}T00:00:00)`,
        ScheduleExpressionTimezone: scheduleTimeZone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: requireEnv('OPEN_PERIOD_FUNCTION_ARN'),
          RoleArn: requireEnv('SCHEDULER_ROLE_ARN'),
          Input: JSON.stringify({ periodId }),
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
}
