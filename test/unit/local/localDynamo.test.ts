import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateResolver } from '#local/cloudFormation.ts';
import { dynamoItemSize } from '#local/dynamoItemSize.ts';
import { createTemplateTables, type LocalDynamo, startLocalDynamo, untilTable } from '#local/localDynamo.ts';

const limit = 409_600;
/** 140,000 characters: 140,000 UTF-16 code units, under the limit; 420,000 UTF-8 bytes, over it. */
const tooLongInUtf8 = '中'.repeat(140_000);

describe('item size, counted as DynamoDB counts it', () => {
  it('counts names and strings in UTF-8 bytes', () => {
    expect(dynamoItemSize({ 名称: { S: '科技特派员' } })).toBe(6 + 15);
    expect(dynamoItemSize({ text: { S: tooLongInUtf8 } })).toBe(4 + 420_000);
  });

  it('counts a number by its significant digits, a binary by its raw bytes, null and Boolean as one byte', () => {
    expect(dynamoItemSize({ n: { N: '-001234500.00' } })).toBe(1 + Math.ceil(5 / 2) + 1);
    expect(dynamoItemSize({ n: { N: '0' } })).toBe(1 + 1 + 1);
    expect(dynamoItemSize({ b: { B: Buffer.from('abcdef').toString('base64') } })).toBe(1 + 6);
    expect(dynamoItemSize({ x: { NULL: true }, y: { BOOL: false } })).toBe(2 + 2);
  });

  it('adds 3 bytes for a list or map and one for each element', () => {
    expect(dynamoItemSize({ l: { L: [] } })).toBe(1 + 3);
    expect(dynamoItemSize({ l: { L: [{ S: 'ab' }, { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(dynamoItemSize({ m: { M: { 键: { S: 'ab' } } } })).toBe(1 + 3 + (1 + 3 + 2));
  });
});

describe('the embedded DynamoDB refuses an item over 400 KB in UTF-8', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startLocalDynamo(undefined);
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'Items',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.close();
  });

  it('refuses PutItem with ValidationException, as DynamoDB does', async () => {
    expect(tooLongInUtf8.length).toBeLessThan(limit);
    const refused = client.send(
      new PutItemCommand({ TableName: 'Items', Item: { id: { S: 'put' }, text: { S: tooLongInUtf8 } } }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
    const { Item } = await client.send(new GetItemCommand({ TableName: 'Items', Key: { id: { S: 'put' } } }));
    expect(Item).toBeUndefined();
  });

  it('accepts an item just under the limit', async () => {
    const text = '中'.repeat(Math.floor((limit - 'id'.length - 'fits'.length - 'text'.length) / 3));
    await client.send(
      new PutItemCommand({ TableName: 'Items', Item: { id: { S: 'fits' }, text: { S: text } } }),
    );
    const { Item } = await client.send(
      new GetItemCommand({ TableName: 'Items', Key: { id: { S: 'fits' } } }),
    );
    expect(Item?.text?.S).toHaveLength(text.length);
  });

  it('refuses UpdateItem when the item after the update would be over the limit', async () => {
    const half = '中'.repeat(70_000);
    await client.send(
      new PutItemCommand({ TableName: 'Items', Item: { id: { S: 'update' }, a: { S: half } } }),
    );
    const refused = client.send(
      new UpdateItemCommand({
        TableName: 'Items',
        Key: { id: { S: 'update' } },
        UpdateExpression: 'SET b = :b',
        ExpressionAttributeValues: { ':b': { S: half } },
      }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Item size to update has exceeded the maximum allowed size',
    });
    const { Item } = await client.send(
      new GetItemCommand({ TableName: 'Items', Key: { id: { S: 'update' } } }),
    );
    expect(Item?.b).toBeUndefined();
  });

  it('refuses a BatchWriteItem that carries one such item', async () => {
    const refused = client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          Items: [
            { PutRequest: { Item: { id: { S: 'small' } } } },
            { PutRequest: { Item: { id: { S: 'batch' }, text: { S: tooLongInUtf8 } } } },
          ],
        },
      }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
    const { Item } = await client.send(
      new GetItemCommand({ TableName: 'Items', Key: { id: { S: 'small' } } }),
    );
    expect(Item).toBeUndefined();
  });
});

describe('a data directory made by an earlier template', () => {
  const tableOf = (indexes: { name: string; include?: string[] }[]) => ({
    Resources: {
      Records: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'kind', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: indexes.map(({ name, include }) => ({
            IndexName: name,
            KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }],
            Projection: include
              ? { ProjectionType: 'INCLUDE', NonKeyAttributes: include }
              : { ProjectionType: 'ALL' },
          })),
        },
      },
    },
  });
  const count = 120;
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let directory: string;

  const start = async () => {
    dynamo = await startLocalDynamo(directory);
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  };
  const stop = async () => {
    client.destroy();
    await dynamo.close();
  };
  const byKind = async (index: string) =>
    (
      await client.send(
        new QueryCommand({
          TableName: 'Records',
          IndexName: index,
          KeyConditionExpression: 'kind = :kind',
          ExpressionAttributeValues: { ':kind': { S: 'report' } },
        }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dynamo-upgrade-'));
    await start();
    await createTemplateTables(client, new TemplateResolver(tableOf([{ name: 'byKind' }])));
    for (let n = 0; n < count; n += 1) {
      await client.send(
        new PutItemCommand({
          TableName: 'Records',
          Item: {
            id: { S: `r${n}` },
            kind: { S: 'report' },
            body: { S: '报告'.repeat(50) },
            n: { N: String(n) },
          },
        }),
      );
    }
  });

  afterAll(async () => {
    await stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('gets the index the template added, filled from the items already there, keeping every item', async () => {
    const template = new TemplateResolver(tableOf([{ name: 'byKind' }, { name: 'small', include: ['n'] }]));
    await stop();
    await start();
    await createTemplateTables(client, template);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Records' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      'byKind',
      'small',
    ]);
    expect(await byKind('byKind')).toHaveLength(count);
    const small = await byKind('small');
    expect(small).toHaveLength(count);
    expect(Object.keys(small[0] ?? {}).sort()).toEqual(['id', 'kind', 'n']);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['Records']);
  });

  it('finishes a rebuild that stopped after the table was dropped, from the complete copy', async () => {
    const template = new TemplateResolver(tableOf([{ name: 'small', include: ['n'] }]));
    // What a start that stopped half-way leaves: the full copy, and the table made again, empty.
    await client.send(
      new CreateTableCommand({
        TableName: 'Records.rebuilding',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await untilTable(client, 'Records.rebuilding', 'ACTIVE');
    for (let n = 0; n < count; n += 1) {
      await client.send(
        new PutItemCommand({
          TableName: 'Records.rebuilding',
          Item: { id: { S: `r${n}` }, kind: { S: 'report' }, n: { N: String(n) } },
        }),
      );
    }
    await client.send(new DeleteTableCommand({ TableName: 'Records' }));
    await untilTable(client, 'Records', 'gone');
    await client.send(
      new CreateTableCommand({
        TableName: 'Records',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'kind', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'small',
            KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['n'] },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await untilTable(client, 'Records', 'ACTIVE');
    await createTemplateTables(client, template);
    expect(await byKind('small')).toHaveLength(count);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['Records']);
  });

  it('refuses a template that changes the table key, naming the table', async () => {
    const changed = tableOf([]);
    changed.Resources.Records.Properties.KeySchema = [{ AttributeName: 'kind', KeyType: 'HASH' }];
    await expect(createTemplateTables(client, new TemplateResolver(changed))).rejects.toThrow(
      /Table Records .* CloudFormation would replace the table/,
    );
  });
});
