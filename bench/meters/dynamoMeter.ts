import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { indexWriteUnits, type TableShape } from './indexWrites.ts';
import type { Item } from './itemSize.ts';

/** Request units one kind of request consumed, e.g. PutItem on ReportTable. */
export interface DynamoUsage {
  readonly operation: string;
  readonly table: string;
  requests: number;
  /** Read request units (an eventually consistent read of up to 4 KB is half a unit). */
  readUnits: number;
  /** Write request units on the table itself. */
  tableWriteUnits: number;
  /** Write request units in its global secondary indexes. */
  indexWriteUnits: number;
  /** Conditional writes refused: DynamoDB bills them too (counted here as one unit each). */
  failedConditions: number;
}

const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

type Fields = Record<string, unknown>;

/**
 * Counts the request units of every DynamoDB request a document client sends, with a middleware
 * on its stack (it runs before the document client marshals the input and after it unmarshals
 * the output, so it sees items as the handlers wrote and read them): each request is sent with
 * `ReturnConsumedCapacity: TOTAL` (dynalite computes table read and write units as DynamoDB
 * does) and, for writes, with the item before (`ALL_OLD`) or after (`ALL_NEW`, UpdateItem), so
 * that the index writes, which dynalite does not bill, can be computed from the table's index
 * definitions. Whatever the meter asked for is taken out of the output again, so the caller
 * sees what it asked for.
 */
export function meterDynamoRequests(client: DynamoDBDocumentClient): {
  usage(): DynamoUsage[];
  /** Requests the meter failed to account for (it never fails the request itself). */
  errors(): { count: number; first?: string };
} {
  const usages = new Map<string, DynamoUsage>();
  const meterErrors: { count: number; first?: string } = { count: 0 };
  const shapes = new Map<string, Promise<TableShape>>();
  let describer: DynamoDBClient | undefined;

  const tableShape = (table: string) => {
    let shape = shapes.get(table);
    if (!shape) {
      // Its own client: the metered one would count this too. The runtime has set the endpoint by now.
      describer ??= new DynamoDBClient({});
      shape = describer.send(new DescribeTableCommand({ TableName: table })).then(({ Table }) => ({
        keyAttributes: (Table?.KeySchema ?? []).map((key) => key.AttributeName ?? ''),
        indexes: (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
          name: index.IndexName ?? '',
          keyAttributes: (index.KeySchema ?? []).map((key) => key.AttributeName ?? ''),
          projectedAttributes:
            index.Projection?.ProjectionType === 'ALL'
              ? undefined
              : (index.Projection?.NonKeyAttributes ?? []),
        })),
      }));
      shapes.set(table, shape);
    }
    return shape;
  };

  const usageOf = (operation: string, table: string) => {
    const key = `${operation} ${table}`;
    let usage = usages.get(key);
    if (!usage) {
      usage = {
        operation,
        table,
        requests: 0,
        readUnits: 0,
        tableWriteUnits: 0,
        indexWriteUnits: 0,
        failedConditions: 0,
      };
      usages.set(key, usage);
    }
    return usage;
  };

  /** Adds one answered request's units to its usage. */
  const account = async (operation: string, usage: DynamoUsage, input: Fields, output: Fields) => {
    const capacities = [output.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number }[];
    const units = capacities.reduce((total, capacity) => total + (capacity.CapacityUnits ?? 0), 0);
    if (writeOperations.has(operation) || operation === 'BatchWriteItem') usage.tableWriteUnits += units;
    else if (operation === 'Query' || operation === 'Scan') {
      // dynalite bills an empty result nothing; DynamoDB bills every read at least one read's minimum.
      usage.readUnits += Math.max(units, input.ConsistentRead === true ? 1 : 0.5);
    } else usage.readUnits += units;

    if (writeOperations.has(operation)) {
      const returned = output.Attributes as Item | undefined;
      // An UpdateItem is seen after the fact only: each index entry it has is counted as one changed entry.
      const before = operation !== 'UpdateItem' && input.ReturnValues === 'ALL_OLD' ? returned : undefined;
      const after =
        operation === 'PutItem'
          ? (input.Item as Item)
          : operation === 'UpdateItem' && input.ReturnValues === 'ALL_NEW'
            ? returned
            : undefined;
      usage.indexWriteUnits += indexWriteUnits(await tableShape(usage.table), before, after);
    }
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String((context as { commandName?: string }).commandName ?? 'Unknown').replace(
        /Command$/,
        '',
      );
      const asked = args.input as unknown as Fields;
      const table = typeof asked.TableName === 'string' ? asked.TableName : '(batch)';
      const addedCapacity =
        asked.ReturnConsumedCapacity === undefined || asked.ReturnConsumedCapacity === 'NONE';
      const addedValues =
        writeOperations.has(operation) && (asked.ReturnValues === undefined || asked.ReturnValues === 'NONE');
      const input: Fields = {
        ...asked,
        ...(addedCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
        ...(addedValues ? { ReturnValues: operation === 'UpdateItem' ? 'ALL_NEW' : 'ALL_OLD' } : {}),
      };
      const usage = usageOf(operation, table);
      usage.requests += 1;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next({ ...args, input: input as typeof args.input });
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
          usage.failedConditions += 1;
          usage.tableWriteUnits += 1;
        }
        throw error;
      }
      const output = result.output as unknown as Fields;
      try {
        await account(operation, usage, input, output);
      } catch (error) {
        meterErrors.count += 1;
        meterErrors.first ??= error instanceof Error ? (error.stack ?? error.message) : String(error);
      }
      if (addedCapacity) delete output.ConsumedCapacity;
      if (addedValues) delete output.Attributes;
      return result;
    },
    { step: 'serialize', priority: 'high', name: 'benchRequestUnitMeter' },
  );

  return { usage: () => [...usages.values()], errors: () => ({ ...meterErrors }) };
}
