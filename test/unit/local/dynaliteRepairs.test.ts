import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repairDynalite } from '#local/dynaliteRepairs.ts';
import { untilTable } from '#local/localDynamo.ts';

/*
 * dynalite in this process (the runtime runs it on a thread of its own, see dynamoWorker.ts), so
 * that the LevelDB iterators it opens can be counted: abstract-level attaches each to its
 * database while it is open and detaches it when closed.
 */
const require = createRequire(import.meta.url);
const { AbstractLevel } = require('abstract-level') as {
  AbstractLevel: {
    prototype: { attachResource(resource: unknown): void; detachResource(resource: unknown): void };
  };
};
let openResources = 0;
const attach = AbstractLevel.prototype.attachResource;
const detach = AbstractLevel.prototype.detachResource;
AbstractLevel.prototype.attachResource = function (resource) {
  openResources += 1;
  attach.call(this, resource);
};
AbstractLevel.prototype.detachResource = function (resource) {
  openResources -= 1;
  detach.call(this, resource);
};

describe('dynalite, repaired, closes every LevelDB iterator it opens', () => {
  let dataDir: string;
  let server: Server;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dynalite-iterators-'));
    const repairs = repairDynalite();
    const { default: dynalite } = await import('dynalite');
    server = dynalite({ path: dataDir, createTableMs: 0 });
    await repairs.ready();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'Tasks',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'openPartition', AttributeType: 'S' },
          { AttributeName: 'openedAt', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'openByAge',
            KeySchema: [
              { AttributeName: 'openPartition', KeyType: 'HASH' },
              { AttributeName: 'openedAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await untilTable(client, 'Tasks', 'ACTIVE');
    for (let batch = 0; batch < 4; batch += 1) {
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            Tasks: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: {
                Item: {
                  id: { S: `task-${batch}-${i}` },
                  openPartition: { S: 'open' },
                  openedAt: {
                    S: `2027-01-01T00:${String(batch).padStart(2, '0')}:${String(i).padStart(2, '0')}Z`,
                  },
                },
              },
            })),
          },
        }),
      );
    }
  });

  afterAll(async () => {
    client?.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await rm(dataDir, { recursive: true, force: true });
  });

  const oldest = (limit?: number) =>
    client.send(
      new QueryCommand({
        TableName: 'Tasks',
        IndexName: 'openByAge',
        KeyConditionExpression: 'openPartition = :open',
        ExpressionAttributeValues: { ':open': { S: 'open' } },
        ...(limit ? { Limit: limit } : {}),
      }),
    );

  it('after Queries read to the end, stopped by their Limit, or finding nothing', async () => {
    const before = openResources;
    expect((await oldest()).Count).toBe(100);
    expect((await oldest(10)).Count).toBe(10);
    const none = await client.send(
      new QueryCommand({
        TableName: 'Tasks',
        IndexName: 'openByAge',
        KeyConditionExpression: 'openPartition = :open',
        ExpressionAttributeValues: { ':open': { S: 'closed' } },
      }),
    );
    expect(none.Count).toBe(0);
    expect(openResources).toBe(before);
  });

  it('after Scans and table listings', async () => {
    const before = openResources;
    expect((await client.send(new ScanCommand({ TableName: 'Tasks' }))).Count).toBe(100);
    expect((await client.send(new ScanCommand({ TableName: 'Tasks', Limit: 5 }))).Count).toBe(5);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['Tasks']);
    expect(openResources).toBe(before);
  });
});
