import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { now } from '#shared/clock.ts';
import {
  commissionerIndexes,
  poolPartition,
  poolProfileAttributes,
} from '#shared/commissioner/commissionerIndexes.ts';
import type { Commissioner } from '#shared/commissioner/commissionerPool.ts';
import { requireEnv } from '#shared/config.ts';

/** What ranking needs of a pool commissioner. */
export type PoolProfile = Pick<
  Commissioner,
  'id' | 'name' | 'institution' | 'industries' | 'technicalFields' | 'serviceAreas'
> & {
  /** Enterprises the commissioner serves: their distinct dispatches. */
  readonly activeEnterprises: number;
};

/**
 * How far before the previous read's start the next read looks again. The index is eventually
 * consistent (and a Scan is too), and writers' clocks differ a little: a write stamped before a
 * read began can become readable after it. Propagation takes well under a second on AWS; 10
 * seconds covers that with room, and costs only re-reading the last 10 seconds' changes.
 */
export const changeOverlapMs = 10_000;

const projectedAttributes = ['id', 'changedAt', ...poolProfileAttributes];
const projection = {
  ProjectionExpression: projectedAttributes.map((name) => `#${name}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(projectedAttributes.map((name) => [`#${name}`, name])),
};

const stringList = (value: unknown): readonly string[] => (Array.isArray(value) ? value.map(String) : []);

function profileOf(item: Record<string, unknown>): PoolProfile {
  const serving = item.servingDispatchIds;
  return {
    id: String(item.id),
    name: String(item.name ?? ''),
    institution: String(item.institution ?? ''),
    industries: stringList(item.industries),
    technicalFields: stringList(item.technicalFields),
    serviceAreas: stringList(item.serviceAreas),
    activeEnterprises: serving instanceof Set ? serving.size : 0,
  };
}

/**
 * One table's pool, kept for the warm instance: read whole once, then brought up to date with the
 * changes since the last look, so a read costs what changed rather than the pool's size.
 * Commissioners are never removed from the pool, so applying changes is all it takes.
 */
class PoolView {
  private readonly profiles = new Map<string, { profile: PoolProfile; changedAt: string }>();
  /**
   * When the latest finished read began. Not the latest change seen: with no change since, that
   * would stand still, and every read would re-read the changes of the window before it.
   */
  private lastReadAt = '';
  private loaded: Promise<void> | undefined;

  constructor(private readonly table: string) {}

  async read(): Promise<PoolProfile[]> {
    if (this.loaded) {
      await this.loaded;
      await this.applyChanges();
    } else {
      // Requests arriving while the first Scan runs share it rather than scan the pool again.
      this.loaded = this.scanAll().catch((error: unknown) => {
        this.loaded = undefined;
        throw error;
      });
      await this.loaded;
    }
    return [...this.profiles.values()].map(({ profile }) => profile);
  }

  private async scanAll(): Promise<void> {
    // Whatever the Scan misses was written after it started (or is late): the next read looks from here.
    const startedAt = now().toISOString();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new ScanCommand({ TableName: this.table, ...projection, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) this.apply(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    this.advanceTo(startedAt);
  }

  private async applyChanges(): Promise<void> {
    const startedAt = now().toISOString();
    const since = new Date(Date.parse(this.lastReadAt) - changeOverlapMs).toISOString();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: this.table,
          IndexName: commissionerIndexes.byPoolChange,
          KeyConditionExpression: '#poolPartition = :pool AND #changedAt > :since',
          ...projection,
          ExpressionAttributeNames: {
            ...projection.ExpressionAttributeNames,
            '#poolPartition': 'poolPartition',
          },
          ExpressionAttributeValues: { ':pool': poolPartition, ':since': since },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) this.apply(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    this.advanceTo(startedAt);
  }

  /** Concurrent reads may finish in any order: the mark only moves forward. */
  private advanceTo(readAt: string): void {
    if (readAt > this.lastReadAt) this.lastReadAt = readAt;
  }

  /** Concurrent reads may apply their pages in any order: an older version never replaces a newer. */
  private apply(item: Record<string, unknown>): void {
    const changedAt = typeof item.changedAt === 'string' ? item.changedAt : '';
    const held = this.profiles.get(String(item.id));
    if (held && held.changedAt > changedAt) return;
    this.profiles.set(String(item.id), { profile: profileOf(item), changedAt });
  }
}

/** One view per table name: tests start tables of their own in one process, and must not mix. */
const views = new Map<string, PoolView>();

/** Every commissioner in the pool, as ranking needs them. */
export function readCommissionerPool(): Promise<PoolProfile[]> {
  const table = requireEnv('COMMISSIONER_TABLE');
  let view = views.get(table);
  if (!view) {
    view = new PoolView(table);
    views.set(table, view);
  }
  return view.read();
}
