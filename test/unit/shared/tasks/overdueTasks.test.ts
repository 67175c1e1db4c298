import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '#local/localDynamo.ts';
import type { TaskRecord } from '#shared/tasks/model.ts';
import { taskIndexes } from '#shared/tasks/taskIndexes.ts';

let dynamo: LocalDynamo;
let overdueTasks: typeof import('#shared/tasks/overdueTasks.ts');
let taskTable: typeof import('#shared/tasks/taskTable.ts');

const task = (id: string, deadline: string, status: TaskRecord['status'] = 'open'): TaskRecord => ({
  id,
  kind: 'review-report',
  subject: { type: 'report', id: `report-${id}`, title: 'Q1' },
  assignee: { role: 'admin' },
  status,
  openedAt: '2026-01-01T00:00:00.000Z',
  deadline,
  token: `token-${id}`,
  round: 1,
  reminders: 0,
  escalated: false,
  version: 1,
});

beforeAll(async () => {
  dynamo = await startLocalDynamo(undefined);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TASK_TABLE: 'Tasks',
  });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
  await client.send(
    new CreateTableCommand({
      TableName: 'Tasks',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'openPartition', AttributeType: 'S' },
        { AttributeName: 'openedAt', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: taskIndexes.openByAge,
          KeySchema: [
            { AttributeName: 'openPartition', KeyType: 'HASH' },
            { AttributeName: 'openedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  client.destroy();
  // Imported after the endpoint is set: the shared client reads it when first created.
  overdueTasks = await import('#shared/tasks/overdueTasks.ts');
  taskTable = await import('#shared/tasks/taskTable.ts');
});

afterAll(() => dynamo?.close());

describe('countOverdueTasks', () => {
  it('counts the open tasks whose deadline has passed, and none that is done or still in time', async () => {
    // Arrange
    const at = new Date('2026-03-01T00:00:00.000Z');
    for (const record of [
      task('late-1', '2026-02-01T00:00:00.000Z'),
      task('late-2', '2026-02-28T23:59:59.000Z'),
      task('in-time', '2026-03-02T00:00:00.000Z'),
      task('done-late', '2026-02-01T00:00:00.000Z', 'completed'),
      task('cancelled-late', '2026-02-01T00:00:00.000Z', 'cancelled'),
    ]) {
      await taskTable.putTaskIfUnchanged(record);
    }

    // Act
    const count = await overdueTasks.countOverdueTasks(at);

    // Assert
    expect(count).toBe(2);
  });
});

describe('overdueTasksMetricEvent', () => {
  it('is an Embedded Metric Format event naming the metric the alarm watches', () => {
    // Act
    const event = JSON.parse(overdueTasks.overdueTasksMetricEvent(3, new Date('2026-03-01T01:00:00.000Z')));

    // Assert
    expect(event).toEqual({
      _aws: {
        Timestamp: Date.parse('2026-03-01T01:00:00.000Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'CommissionerWorkflows',
            Dimensions: [[]],
            Metrics: [{ Name: 'OverdueTasks', Unit: 'Count' }],
          },
        ],
      },
      OverdueTasks: 3,
    });
  });
});
