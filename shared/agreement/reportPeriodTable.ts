import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reportPeriodIndexes } from '#shared/agreement/agreementIndexes.ts';
import type { ReportPeriod } from '#shared/agreement/periods.ts';
import { dynamo } from '#shared/aws/clients.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';

/** One report period of an active agreement, as stored: scheduled until the clock opens it. */
export interface StoredReportPeriod extends ReportPeriod {
  readonly id: string;
  readonly agreementId: string;
  readonly commissionerId: string;
  /** Who is reminded, and who hears when it is overdue (with the bureau). */
  readonly commissionerEmail: string;
  readonly institutionEmail: string;
  /** `commissioner · enterprise`, for emails and lists. */
  readonly title: string;
  readonly state: 'scheduled' | 'open';
  readonly openedAt?: string;
}

const tableName = () => requireEnv('REPORT_PERIOD_TABLE');

export const reportPeriodId = (agreementId: string, index: number) => `${agreementId}#${index}`;

/** Writes a period unless it exists (activation may run twice). */
export async function putReportPeriod(period: StoredReportPeriod): Promise<void> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName(),
        Item: period,
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Every period due on `due`: one partition of the due-date index. */
export async function listReportPeriodsDue(due: string): Promise<StoredReportPeriod[]> {
  const periods: StoredReportPeriod[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: reportPeriodIndexes.byDue,
        KeyConditionExpression: 'due = :due',
        ExpressionAttributeValues: { ':due': due },
        ExclusiveStartKey: startKey,
      }),
    );
    periods.push(...((page.Items ?? []) as StoredReportPeriod[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return periods;
}

export async function listReportPeriods(agreementId: string): Promise<StoredReportPeriod[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: reportPeriodIndexes.byAgreement,
      KeyConditionExpression: 'agreementId = :agreement',
      ExpressionAttributeValues: { ':agreement': agreementId },
    }),
  );
  return (Items as StoredReportPeriod[]).sort((a, b) => a.index - b.index);
}

/** The schedule fired: the period opens (once; a second firing changes nothing). */
export async function openReportPeriod(input: { periodId: string }): Promise<{ opened: boolean }> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { id: input.periodId },
        UpdateExpression: 'SET #state = :open, openedAt = :now',
        ConditionExpression: '#state = :scheduled',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':open': 'open',
          ':scheduled': 'scheduled',
          ':now': now().toISOString(),
        },
      }),
    );
    return { opened: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { opened: false };
    throw error;
  }
}
