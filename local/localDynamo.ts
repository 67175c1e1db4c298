import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TemplateResolver } from '#local/cloudFormation.ts';
import { countItemSizesAsDynamoDb } from '#local/dynamoItemSize.ts';

export interface LocalDynamo {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * dynalite, a DynamoDB-API server on loopback, persisting under `path` (in memory without one),
 * its items' sizes counted as DynamoDB counts them.
 */
export async function startLocalDynamo(path: string | undefined): Promise<LocalDynamo> {
  if (path) await mkdir(path, { recursive: true });
  countItemSizesAsDynamoDb();
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path ? { path } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface TableProperties {
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
}

/** Creates the template's tables (named by logical id) that do not exist yet. */
export async function createTemplateTables(
  client: DynamoDBClient,
  resolver: TemplateResolver,
): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  for (const [logicalId, resource] of resolver.resourcesOfType('AWS::DynamoDB::Table')) {
    if (TableNames.includes(logicalId)) continue;
    const properties = resolver.resolve(resource.Properties) as TableProperties;
    await client.send(
      new CreateTableCommand({
        TableName: logicalId,
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
      }),
    );
  }
}

export function dynamoClientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint });
}
