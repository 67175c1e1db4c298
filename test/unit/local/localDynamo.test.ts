import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
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

/** Two report ids whose table keys dynalite's index key told apart by only the first six hex digits of an MD5, which are the same. */
const tiedIds = ['report-2527', 'report-5229'] as const;
const shortTableKeyHash = (id: string) =>
  createHash('md5').update('Outliers').update(Buffer.from(id, 'utf8')).digest('hex').slice(0, 6);

const reportsTable = {
  TableName: 'Reports',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' as const },
    { AttributeName: 'state', AttributeType: 'S' as const },
    { AttributeName: 'acceptedOn', AttributeType: 'S' as const },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byState',
      KeySchema: [
        { AttributeName: 'state', KeyType: 'HASH' as const },
        { AttributeName: 'acceptedOn', KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST' as const,
};

const clientOf = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const acceptedOn = async (client: DynamoDBClient, day: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: 'Reports',
        IndexName: 'byState',
        KeyConditionExpression: '#state = :state AND acceptedOn = :day',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': { S: 'accepted' }, ':day': { S: day } },
      }),
    )
  ).Items?.map((item) => item.id?.S) ?? [];

/** The reports table, with the two tied reports and another, all accepted on 2027-03-31. */
async function acceptedReports(client: DynamoDBClient): Promise<void> {
  await client.send(new CreateTableCommand(reportsTable));
  await untilTable(client, 'Reports', 'ACTIVE');
  for (const id of [...tiedIds, 'report-1'])
    await client.send(
      new PutItemCommand({
        TableName: 'Reports',
        Item: { id: { S: id }, state: { S: 'accepted' }, acceptedOn: { S: '2027-03-31' } },
      }),
    );
}

describe('index entries of items that tie on the index key and sort key', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dynalite-ties-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps both, where dynalite keeps only the later', async () => {
    expect(shortTableKeyHash(tiedIds[0])).toBe(shortTableKeyHash(tiedIds[1]));
    const dynamo = await startLocalDynamo(undefined);
    const client = clientOf(dynamo.endpoint);
    try {
      await acceptedReports(client);
      expect((await acceptedOn(client, '2027-03-31')).sort()).toEqual(['report-1', ...tiedIds].sort());

      // A change of the sort key moves the entry: the old one goes, the other tied item's stays.
      await client.send(
        new UpdateItemCommand({
          TableName: 'Reports',
          Key: { id: { S: tiedIds[0] } },
          UpdateExpression: 'SET acceptedOn = :day',
          ExpressionAttributeValues: { ':day': { S: '2027-04-01' } },
        }),
      );
      expect((await acceptedOn(client, '2027-03-31')).sort()).toEqual(['report-1', tiedIds[1]].sort());
      expect(await acceptedOn(client, '2027-04-01')).toEqual([tiedIds[0]]);
    } finally {
      client.destroy();
      await dynamo.close();
    }
  });

  it('rebuilds the indexes of a data directory that dynalite wrote with its short keys', async () => {
    // Arrange: dynalite as it comes, in this process, loses one of the tied entries on disk.
    const { default: plainDynalite } = await import('dynalite');
    const plain = plainDynalite({ path: dataDir, createTableMs: 0 });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const plainClient = clientOf(`http://127.0.0.1:${(plain.address() as AddressInfo).port}`);
    await acceptedReports(plainClient);
    expect(await acceptedOn(plainClient, '2027-03-31')).toHaveLength(2);
    plainClient.destroy();
    await new Promise<void>((resolve) => plain.close(() => resolve()));

    // Act: the embedded DynamoDB opens the same directory.
    const dynamo = await startLocalDynamo(dataDir);
    const client = clientOf(dynamo.endpoint);
    try {
      // Assert: every item is in the index once, and a change leaves no entry of the old key behind.
      expect((await acceptedOn(client, '2027-03-31')).sort()).toEqual(['report-1', ...tiedIds].sort());
      await client.send(
        new UpdateItemCommand({
          TableName: 'Reports',
          Key: { id: { S: 'report-1' } },
          UpdateExpression: 'SET acceptedOn = :day',
          ExpressionAttributeValues: { ':day': { S: '2027-04-01' } },
        }),
      );
      expect((await acceptedOn(client, '2027-03-31')).sort()).toEqual([...tiedIds].sort());
      expect(await acceptedOn(client, '2027-04-01')).toEqual(['report-1']);
    } finally {
      client.destroy();
      await dynamo.close();
    }
  });
});
