import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-scheduler';
import { scheduler } from '#shared/aws/scheduler.ts';
import { chinaTimeZone } from '#shared/chinaTime.ts';
import { requireEnv } from '#shared/config.ts';

/** What a period's schedule hands the function that opens it. */
export interface PeriodOpening {
  readonly reportId: string;
  /** The start the period had when scheduled: a schedule left over from before a cadence change opens nothing. */
  readonly start: string;
}

/** Named by the period and its start, so a period rescheduled by a cadence change gets a schedule of its own. */
function scheduleName(opening: PeriodOpening): string {
  const hash = createHash('sha256').update(`${opening.reportId}@${opening.start}`).digest('hex');
  return `open-period-${hash.slice(0, 40)}`;
}

/**
 * A one-time EventBridge Scheduler schedule that opens a report period at the start of
 * its first day and deletes itself. Creating it twice is harmless.
 */
export async function scheduleReportPeriodOpening(opening: PeriodOpening): Promise<void> {
  try {
    await scheduler().send(
      new CreateScheduleCommand({
        Name: scheduleName(opening),
        GroupName: requireEnv('SCHEDULE_GROUP'),
        ScheduleExpression: `at(${opening.start}T00:00:00)`,
        ScheduleExpressionTimezone: chinaTimeZone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: requireEnv('OPEN_PERIOD_FUNCTION_ARN'),
          RoleArn: requireEnv('SCHEDULER_ROLE_ARN'),
          Input: JSON.stringify(opening),
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: requireEnv('SCHEDULER_DEAD_LETTER_QUEUE_ARN') },
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
}

/** Withdraws the opening of a period that will not happen (its cadence changed); gone already is fine. */
export async function cancelReportPeriodOpening(opening: PeriodOpening): Promise<void> {
  try {
    await scheduler().send(
      new DeleteScheduleCommand({ Name: scheduleName(opening), GroupName: requireEnv('SCHEDULE_GROUP') }),
    );
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}
