import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Application } from '#shared/application/model.ts';
import { clockOffsetMs, now, setClockOffsetMs } from '#shared/clock.ts';
import {
  commissionerIndexes,
  poolPartition,
  poolProfileAttributes,
} from '#shared/commissioner/commissionerIndexes.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * The warm pool reader against dynalite, with the change index as the stack declares it (INCLUDE
 * of the ranking attributes, so a string set must come through it): a first read scans, later
 * reads see what changed since, and each table has a view of its own.
 */

let pool: typeof import('#shared/commissioner/commissionerPool.ts');
let view: typeof import('#shared/commissioner/poolView.ts');
let client: typeof import('#shared/aws/dynamo.ts');

const changeIndex = {
  name: commissionerIndexes.byPoolChange,
  partitionKey: 'poolPartition',
  sortKey: 'changedAt',
  nonKeyAttributes: poolProfileAttributes,
};

/** A table per test: a view is kept per table name for the process, as in a warm instance. */
const tables = ['Stamps', 'Joins', 'Serving', 'Delayed', 'Window', 'Quiet', 'MixOne', 'MixTwo'] as const;

useLocalTables(
  Object.fromEntries(tables.map((name) => [`COMMISSIONER_TABLE_${name}`, { name, indexes: [changeIndex] }])),
);

beforeAll(async () => {
  pool = await import('#shared/commissioner/commissionerPool.ts');
  view = await import('#shared/commissioner/poolView.ts');
  client = await import('#shared/aws/dynamo.ts');
});

afterEach(() => {
  vi.restoreAllMocks();
});

function approved(sub: string, name: string): Application {
  return {
    id: `application-${sub}`,
    applicant: { sub, email: `${sub}@example.edu.cn` },
    form: {
      name,
      phone: '13712345678',
      homeInstitution: '浙江大学',
      researchOfficeEmail: 'office@example.edu.cn',
      technicalFields: ['智能制造'],
      industries: ['advancedManufacturing'],
      serviceAreas: ['余杭区'],
    },
  } as unknown as Application;
}

/** Reads the pool of `tableName` through the view, as the candidates route does. */
async function readPool(tableName: string) {
  process.env.COMMISSIONER_TABLE = tableName;
  return view.readCommissionerPool();
}

async function join(tableName: string, sub: string, name = `专家${sub}`): Promise<void> {
  process.env.COMMISSIONER_TABLE = tableName;
  await pool.joinCommissionerPool(approved(sub, name));
}

async function changedAtOf(tableName: string, id: string): Promise<string> {
  const { Item } = await client
    .dynamo()
    .send(new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }));
  return String(Item?.changedAt);
}

/** An item as a write stamped `at` leaves it, put straight in: a write that reached the index late. */
async function putStampedAt(tableName: string, id: string, at: Date): Promise<void> {
  await client.dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: {
        id,
        name: `专家${id}`,
        institution: '浙江大学',
        industries: ['advancedManufacturing'],
        technicalFields: ['智能制造'],
        serviceAreas: ['余杭区'],
        poolPartition,
        changedAt: `${at.toISOString()}#${id}`,
      },
    }),
  );
}

const ids = (profiles: readonly { id: string }[]) => profiles.map((profile) => profile.id).sort();

describe('the warm pool reader', () => {
  it('stamps every write with the change index keys: the pool partition and its time, then the id', async () => {
    const table = 'Stamps';
    await join(table, 'stamped');
    const first = await changedAtOf(table, 'stamped');
    expect(first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#stamped$/);
    await pool.recordServing('stamped', 'dispatch-1');
    expect((await changedAtOf(table, 'stamped')) >= first).toBe(true);
  });

  it('shows a commissioner who joins after the first read on the next read', async () => {
    const table = 'Joins';
    await join(table, 'early', '早到专家');
    expect(ids(await readPool(table))).toEqual(['early']);

    await join(table, 'late', '晚到专家');
    const profiles = await readPool(table);
    expect(ids(profiles)).toEqual(['early', 'late']);
    expect(profiles.find((profile) => profile.id === 'late')).toEqual({
      id: 'late',
      name: '晚到专家',
      institution: '浙江大学',
      industries: ['advancedManufacturing'],
      technicalFields: ['智能制造'],
      serviceAreas: ['余杭区'],
      activeEnterprises: 0,
    });
  });

  it('reflects recordServing after a read in activeEnterprises, a dispatch recorded twice counting once', async () => {
    const table = 'Serving';
    await join(table, 'serving');
    expect((await readPool(table))[0]?.activeEnterprises).toBe(0);

    process.env.COMMISSIONER_TABLE = table;
    await pool.recordServing('serving', 'dispatch-1');
    await pool.recordServing('serving', 'dispatch-2');
    await pool.recordServing('serving', 'dispatch-2');
    const [profile] = await readPool(table);
    expect(profile?.activeEnterprises).toBe(2);
    expect(profile?.activeEnterprises).toBe(
      (await pool.getCommissioner('serving'))?.servingDispatchIds?.length,
    );
  });

  it('picks up a change stamped slightly before the latest seen, which reached the index late', async () => {
    const table = 'Delayed';
    await readPool(table);
    await join(table, 'latest');
    await readPool(table);
    const latestSeen = new Date(Date.parse((await changedAtOf(table, 'latest')).split('#')[0] ?? ''));

    await putStampedAt(table, 'delayed', new Date(latestSeen.getTime() - view.changeOverlapMs / 2));
    expect(ids(await readPool(table))).toEqual(['delayed', 'latest']);
  });

  it('queries only the recent changes after the first read: a change stamped before the window is not read', async () => {
    const table = 'Window';
    await readPool(table);
    await join(table, 'recent');
    await readPool(table);
    const latestSeen = Date.parse((await changedAtOf(table, 'recent')).split('#')[0] ?? '');

    // Nothing writes like this (a write is stamped when it happens); it shows the read is a range, not a scan.
    await putStampedAt(table, 'ancient', new Date(latestSeen - 2 * view.changeOverlapMs));
    expect(ids(await readPool(table))).toEqual(['recent']);
  });

  it('reads no item once nothing has changed for the window: a quiet pool costs nothing to bring up to date', async () => {
    const table = 'Quiet';
    // A burst of joins just before the first read, which the next read looks at again.
    const justBefore = new Date(now().getTime() - view.changeOverlapMs / 2);
    for (const id of ['quiet-1', 'quiet-2', 'quiet-3']) await putStampedAt(table, id, justBefore);
    expect(ids(await readPool(table))).toEqual(['quiet-1', 'quiet-2', 'quiet-3']);
    setClockOffsetMs(clockOffsetMs() + view.changeOverlapMs);
    await readPool(table);
    const send = vi.spyOn(client.dynamo(), 'send');

    expect(ids(await readPool(table))).toEqual(['quiet-1', 'quiet-2', 'quiet-3']);
    const pages = (await Promise.all(send.mock.results.map((result) => result.value))) as {
      Items?: unknown[];
    }[];
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['QueryCommand']);
    expect(pages.flatMap((page) => page.Items ?? [])).toEqual([]);
  });

  it('keeps each table its own pool: two table names read in one process never mix', async () => {
    const [table, other] = ['MixOne', 'MixTwo'];
    await join(table, 'only-here');
    await join(other, 'only-there');
    expect(ids(await readPool(table))).toEqual(['only-here']);
    expect(ids(await readPool(other))).toEqual(['only-there']);

    await join(other, 'also-there');
    expect(ids(await readPool(table))).toEqual(['only-here']);
    expect(ids(await readPool(other))).toEqual(['also-there', 'only-there']);
  });
});
