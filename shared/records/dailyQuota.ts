import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { chinaDate } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { TooManyRequestsError } from '#shared/errors.ts';

/** How often one person may do something that anyone signed in may do, per day in China. */
export interface DailyQuota {
  /** Names the counter, and says what was refused: "submit applications". */
  readonly act: string;
  readonly perDay: number;
}

/** A day's counters outlive their day by a week, for anyone looking into abuse, then expire. */
const keptSeconds = 8 * 24 * 3600;

/**
 * Counts `use` (the id of what the request makes) as one of `sub`'s uses of `quota` today, or
 * refuses it with a 429 once the day's uses are spent. The day's uses are a set in one item,
 * changed by one conditional update: concurrent requests cannot pass the limit together, and
 * the same use counted again (a replay, a retry, simultaneous twins) costs nothing more. The
 * day follows the programme's clock, so a demo that moves the clock on starts a new day.
 */
export async function takeDailyQuota(quota: DailyQuota, sub: string, use: string): Promise<void> {
  const at = now();
  const day = chinaDate(at);
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: requireEnv('QUOTA_TABLE'),
        Key: { id: `${quota.act}#${sub}#${day}` },
        UpdateExpression: 'ADD uses :use SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ConditionExpression: 'attribute_not_exists(uses) OR size(uses) < :perDay OR contains(uses, :id)',
        ExpressionAttributeValues: {
          ':use': new Set([use]),
          ':id': use,
          ':perDay': quota.perDay,
          ':expiresAt': Math.floor(at.getTime() / 1000) + keptSeconds,
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new TooManyRequestsError(
        `You may ${quota.act} at most ${quota.perDay} times a day; try again tomorrow (China time)`,
      );
    }
    throw error;
  }
}
