import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { requireEnv } from '#shared/config.ts';
import { ConflictError } from '#shared/errors.ts';
import { type ListPage, type ListQuery, type PageRequest, readListPage } from '#shared/records/pagedList.ts';

/**
 * A table of records that each live in one item, so every change is one conditional
 * write on the version it read: a stale or concurrent write fails with a conflict and
 * writes nothing. Index keys are derived attributes, added on write and dropped on read.
 */
export class VersionedTable<Item extends { readonly id: string; readonly version: number }> {
  constructor(
    private readonly tableVariable: string,
    private readonly noun: string,
    private readonly indexKeys: (item: Item) => Record<string, unknown> = () => ({}),
  ) {}

  protected get tableName(): string {
    return requireEnv(this.tableVariable);
  }

  private toItem(item: Item): Record<string, unknown> {
    return { ...item, ...this.indexKeys(item) };
  }

  protected fromItem(stored: Record<string, unknown>): Item {
    const derived = Object.keys(this.indexKeys(stored as unknown as Item));
    return Object.fromEntries(
      Object.entries(stored).filter(([key]) => !derived.includes(key)),
    ) as unknown as Item;
  }

  async get(id: string): Promise<Item | undefined> {
    const { Item: stored } = await dynamo().send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return stored ? this.fromItem(stored) : undefined;
  }

  /** Writes a new record; false when one with its id exists already. */
  async create(item: Item): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.toItem(item),
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Replaces the record only if nobody wrote it since `next.version - 1` was read. */
  async replace(next: Item): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.toItem(next),
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: { ':read': next.version - 1 },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(
          `The ${this.noun} was changed by someone else; reload it and try again`,
          { code: 'changedMeanwhile' },
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Undoes a creation whose workflow could not be started, so no orphan is left behind. */
  async deleteNew(id: string): Promise<void> {
    await this.deleteUnchanged(id, 1);
  }

  /** Deletes the record as it was read: a write since (`version` moved on) fails the condition. */
  async deleteUnchanged(id: string, version: number): Promise<void> {
    await dynamo().send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { id },
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': version },
      }),
    );
  }

  /** Newest first by the index's sort key. */
  async query(index: string, key: string, value: string, limit = 200): Promise<Item[]> {
    return (await this.queryPage(index, key, value, { limit, newestFirst: true })).items;
  }

  /**
   * One page under one index key, in the index's sort order (or newest first), going on after
   * `startKey`: at most `limit` records, and the key to go on from when DynamoDB stopped before the end.
   */
  async queryPage(
    index: string,
    key: string,
    value: string,
    page: {
      readonly limit: number;
      readonly startKey?: Record<string, unknown>;
      readonly newestFirst?: boolean;
      /** Only records whose sort key begins with this (a year of a date, say). */
      readonly sortPrefix?: { readonly key: string; readonly prefix: string };
    },
  ): Promise<{ items: Item[]; lastKey?: Record<string, unknown> }> {
    const range = page.sortPrefix;
    const { Items = [], LastEvaluatedKey } = await dynamo().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: range ? '#key = :value AND begins_with(#sort, :prefix)' : '#key = :value',
        ExpressionAttributeNames: { '#key': key, ...(range ? { '#sort': range.key } : {}) },
        ExpressionAttributeValues: { ':value': value, ...(range ? { ':prefix': range.prefix } : {}) },
        ScanIndexForward: !page.newestFirst,
        Limit: page.limit,
        ExclusiveStartKey: page.startKey,
      }),
    );
    return { items: Items.map((stored) => this.fromItem(stored)), lastKey: LastEvaluatedKey };
  }

  /** A page of a list over one or more of this table's index partitions (see `readListPage`). */
  listPage(query: ListQuery, request: PageRequest, keep?: (item: Item) => boolean): Promise<ListPage<Item>> {
    return readListPage(
      query,
      request,
      (source, limit, startKey) =>
        this.queryPage(source.index, source.partition.attribute, source.partition.value, {
          limit,
          startKey,
          newestFirst: query.order === 'newestFirst',
          ...(source.sort.prefix === undefined
            ? {}
            : { sortPrefix: { key: source.sort.attribute, prefix: source.sort.prefix } }),
        }),
      keep,
    );
  }

  /**
   * Every record under one index key, following pages, in the index's sort order; with
   * `sortBetween`, only those whose sort key lies in that inclusive range.
   */
  async queryAll(
    index: string,
    key: string,
    value: string,
    sortBetween?: { readonly key: string; readonly from: string; readonly to: string },
  ): Promise<Item[]> {
    const found: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: sortBetween
            ? '#key = :value AND #sort BETWEEN :from AND :to'
            : '#key = :value',
          ExpressionAttributeNames: { '#key': key, ...(sortBetween ? { '#sort': sortBetween.key } : {}) },
          ExpressionAttributeValues: {
            ':value': value,
            ...(sortBetween ? { ':from': sortBetween.from, ':to': sortBetween.to } : {}),
          },
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...(page.Items ?? []).map((stored) => this.fromItem(stored)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }
}
