import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '#local/localDynamo.ts';

/** A global secondary index over string attributes, projecting everything unless told which attributes. */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** An INCLUDE projection of these attributes (besides the keys), as a stack's index may declare. */
  readonly nonKeyAttributes?: readonly string[];
}

/** A table keyed by a string `id`, as every table of the stack is. */
export interface TableDefinition {
  readonly name: string;
  readonly indexes?: readonly IndexDefinition[];
}

/**
 * dynalite in memory with the tables a test of DynamoDB code needs, keyed by the environment
 * variable the code reads each table's name from. The shared SDK clients reach it through
 * `AWS_ENDPOINT_URL_DYNAMODB` (set here, with local credentials), so import the modules under
 * test after this resolves: the clients read the endpoint when first created.
 */
async function startLocalTables(tables: Readonly<Record<string, TableDefinition>>): Promise<LocalDynamo> {
  const dynamo = await startLocalDynamo(undefined);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
  try {
    for (const [variable, { name, indexes = [] }] of Object.entries(tables)) {
      process.env[variable] = name;
      const attributes = new Set([
        'id',
        ...indexes.flatMap((index) => [index.partitionKey, index.sortKey ?? []].flat()),
      ]);
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [...attributes].map((AttributeName) => ({
            AttributeName,
            AttributeType: 'S',
          })),
          ...(indexes.length > 0
            ? {
                GlobalSecondaryIndexes: indexes.map((index) => ({
                  IndexName: index.name,
                  KeySchema: [
                    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
                    ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
                  ],
                  Projection: index.nonKeyAttributes
                    ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.nonKeyAttributes] }
                    : { ProjectionType: 'ALL' as const },
                })),
              }
            : {}),
        }),
      );
    }
  } catch (error) {
    await dynamo.close();
    throw error;
  } finally {
    client.destroy();
  }
  return dynamo;
}

/**
 * `startLocalTables` for a test file: the tables start before its tests and close after them. Hooks
 * run in the order they are declared, so a `beforeAll` declared after this one finds the endpoint
 * set and may import the modules under test. Returns the running server, for a test that needs its
 * endpoint.
 */
export function useLocalTables(tables: Readonly<Record<string, TableDefinition>>): () => LocalDynamo {
  let dynamo: LocalDynamo | undefined;
  beforeAll(async () => {
    dynamo = await startLocalTables(tables);
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  return () => {
    if (!dynamo)
      throw new Error('The local tables start in a beforeAll hook: use them in a test or a later hook');
    return dynamo;
  };
}
