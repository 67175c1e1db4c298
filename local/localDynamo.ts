import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type AttributeDefinition,
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type GlobalSecondaryIndexDescription,
  type KeySchemaElement,
  ListTablesCommand,
  ResourceNotFoundException,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { TemplateResolver } from '#local/cloudFormation.ts';
import type { ThreadMemory } from '#local/threadMemory.ts';

export interface LocalDynamo {
  readonly endpoint: string;
  /** dynalite's thread's heap, as found and after a full collection (a meter's question: it stops that thread for the collection). */
  memory(): Promise<ThreadMemory>;
  close(): Promise<void>;
}

type FromDynamoThread =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'memory'; readonly memory: ThreadMemory }
  | { readonly type: 'closed' };

function answerFrom<Type extends FromDynamoThread['type']>(
  worker: Worker,
  type: Type,
): Promise<Extract<FromDynamoThread, { type: Type }>> {
  return new Promise((resolve) => {
    const onMessage = (message: FromDynamoThread) => {
      if (message.type !== type) return;
      worker.off('message', onMessage);
      resolve(message as Extract<FromDynamoThread, { type: Type }>);
    };
    worker.on('message', onMessage);
  });
}

/**
 * dynalite, a DynamoDB-API server on loopback, persisting under `path` (in memory without one),
 * its items' sizes counted as DynamoDB counts them. It runs on a worker thread: measured under 16
 * requests in flight, its work queued behind the handlers' and the engine's on one event loop.
 */
export async function startLocalDynamo(path: string | undefined): Promise<LocalDynamo> {
  if (path) await mkdir(path, { recursive: true });
  // The thread loads its TypeScript through tsx, whatever loaded this module (node, vitest).
  const tsx = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const entry = new URL('./dynamoWorker.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: { path } },
  );
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`dynalite's thread exited with ${code} before it listened`)),
    );
    answerFrom(worker, 'listening').then(({ port }) => resolve(port), reject);
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  // Idle, it does not keep the process alive; a failure on it is the runtime's failure.
  worker.unref();
  worker.on('error', (error) => {
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    memory: async () => {
      const answer = answerFrom(worker, 'memory');
      worker.postMessage({ type: 'memory' });
      return (await answer).memory;
    },
    close: async () => {
      const closed = answerFrom(worker, 'closed');
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}

interface TableProperties {
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
}

/** The parts of a table's definition that decide where items and index entries live. */
interface TableShape {
  readonly keySchema: string;
  readonly indexes: string;
}

const keysOf = (schema: readonly KeySchemaElement[] = []) =>
  JSON.stringify(schema.map(({ AttributeName, KeyType }) => [AttributeName, KeyType]));

function shapeOf(
  keySchema: readonly KeySchemaElement[] | undefined,
  indexes: readonly (GlobalSecondaryIndex | GlobalSecondaryIndexDescription)[] | undefined,
): TableShape {
  return {
    keySchema: keysOf(keySchema),
    indexes: JSON.stringify(
      (indexes ?? [])
        .map((index) => [
          index.IndexName,
          keysOf(index.KeySchema),
          index.Projection?.ProjectionType ?? 'ALL',
          [...(index.Projection?.NonKeyAttributes ?? [])].sort(),
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ),
  };
}

function createTableInput(name: string, properties: TableProperties) {
  return new CreateTableCommand({
    TableName: name,
    KeySchema: properties.KeySchema,
    AttributeDefinitions: properties.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(properties.GlobalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
          })),
        }
      : {}),
  });
}

/**
 * Waits until a table is deleted, or active: dynalite finishes creating and deleting a table
 * after it answers, as DynamoDB does.
 */
export async function untilTable(
  client: DynamoDBClient,
  name: string,
  wanted: 'ACTIVE' | 'gone',
): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    const status = await client.send(new DescribeTableCommand({ TableName: name })).then(
      ({ Table }) => Table?.TableStatus,
      (error: unknown) => {
        if (error instanceof ResourceNotFoundException) return 'gone';
        throw error;
      },
    );
    if (status === wanted) return;
    if (Date.now() > giveUpAt)
      throw new Error(`Table ${name} is still ${status}, not ${wanted}, after a minute`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function createTable(client: DynamoDBClient, name: string, properties: TableProperties): Promise<void> {
  await client.send(createTableInput(name, properties));
  await untilTable(client, name, 'ACTIVE');
}

/** Makes a table with the definition of one of the template's, under another name. */
export async function createTableLike(
  client: DynamoDBClient,
  resolver: TemplateResolver,
  logicalId: string,
  name: string,
): Promise<void> {
  const resource = resolver.resourcesOfType('AWS::DynamoDB::Table').find(([id]) => id === logicalId)?.[1];
  if (!resource) throw new Error(`The template has no table ${logicalId}`);
  await createTable(client, name, resolver.resolve(resource.Properties) as TableProperties);
}

async function deleteTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: name }));
  await untilTable(client, name, 'gone');
}

async function shapeOfTable(client: DynamoDBClient, name: string): Promise<TableShape> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  return shapeOf(Table?.KeySchema, Table?.GlobalSecondaryIndexes);
}

/** Copies every item of one table into another; a put of an item already there changes nothing. */
async function copyItems(client: DynamoDBClient, from: string, to: string): Promise<void> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ExclusiveStartKey: startKey }));
    const items = page.Items ?? [];
    for (let at = 0; at < items.length; at += 25) {
      let requests: WriteRequest[] = items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const { UnprocessedItems } = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [to]: requests } }),
        );
        requests = UnprocessedItems?.[to] ?? [];
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/**
 * Gives an existing table the template's indexes, keeping its items, as a CloudFormation update
 * does on AWS (it creates or deletes the index and fills a new one from the table's items).
 * dynalite's UpdateTable cannot add an index, so the table is rebuilt through a copy: the items
 * go to `<table>.rebuilding`, made with the new definition, before the table is dropped and made
 * again. A start interrupted before the table was dropped begins again from the table; one
 * interrupted after copies back from the complete copy.
 */
async function rebuildTable(
  client: DynamoDBClient,
  name: string,
  properties: TableProperties,
  existing: readonly string[],
): Promise<void> {
  const copy = `${name}.rebuilding`;
  const wanted = shapeOf(properties.KeySchema, properties.GlobalSecondaryIndexes);
  const tableThere = existing.includes(name);
  const copyComplete =
    existing.includes(copy) &&
    (!tableThere || JSON.stringify(await shapeOfTable(client, name)) === JSON.stringify(wanted));
  if (!copyComplete) {
    if (existing.includes(copy)) await deleteTable(client, copy);
    await createTable(client, copy, properties);
    await copyItems(client, name, copy);
    await deleteTable(client, name);
    await createTable(client, name, properties);
  } else if (!tableThere) {
    await createTable(client, name, properties);
  }
  await copyItems(client, copy, name);
  await deleteTable(client, copy);
}

/**
 * Creates the template's tables (named by logical id) that do not exist yet, and gives those
 * that do the template's indexes, keeping their items. A table whose key the template changed is
 * refused: CloudFormation would replace it, and its items would not follow.
 */
export async function createTemplateTables(
  client: DynamoDBClient,
  resolver: TemplateResolver,
): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  for (const [logicalId, resource] of resolver.resourcesOfType('AWS::DynamoDB::Table')) {
    const properties = resolver.resolve(resource.Properties) as TableProperties;
    const interrupted = TableNames.includes(`${logicalId}.rebuilding`);
    if (!TableNames.includes(logicalId) && !interrupted) {
      await createTable(client, logicalId, properties);
      continue;
    }
    const wanted = shapeOf(properties.KeySchema, properties.GlobalSecondaryIndexes);
    const found = TableNames.includes(logicalId) ? await shapeOfTable(client, logicalId) : wanted;
    if (found.keySchema !== wanted.keySchema) {
      throw new Error(
        `Table ${logicalId} in the data directory has the key ${found.keySchema}, the template ${wanted.keySchema}: ` +
          'CloudFormation would replace the table and lose its items. Move the data directory aside to start afresh.',
      );
    }
    if (interrupted || found.indexes !== wanted.indexes) {
      await rebuildTable(client, logicalId, properties, TableNames);
    }
  }
}

export function dynamoClientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint });
}
