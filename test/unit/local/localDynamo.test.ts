import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoItemSize } from '#local/dynamoItemSize.ts';
import { type LocalDynamo, startLocalDynamo } from '#local/localDynamo.ts';

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
