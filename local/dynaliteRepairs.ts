import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

/** A DynamoDB item on the wire, as dynalite keeps it. */
type WireItem = Record<string, Record<string, unknown>>;

interface KeyElement {
  readonly AttributeName: string;
}

interface SecondaryIndex {
  readonly IndexName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly Projection: { readonly ProjectionType?: string; readonly NonKeyAttributes?: readonly string[] };
}

interface TableDescription {
  readonly TableName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly GlobalSecondaryIndexes?: readonly SecondaryIndex[];
  readonly LocalSecondaryIndexes?: readonly SecondaryIndex[];
}

type Callback = (error?: Error | null) => void;

/** One of dynalite's key-prefixed views of its LevelDB (a table's items, an index, the tables). */
interface SubDb {
  put(key: string, value: unknown, callback: Callback): void;
  del(key: string, callback: Callback): void;
  createValueStream(options?: object): Readable;
}

/** An abstract-level iterator: read to its end or not, it holds LevelDB's resources until closed. */
interface LevelIterator {
  next(): Promise<unknown>;
  close(): Promise<void>;
}

/** dynalite's LevelDB, with the stream methods it adds and reads through. */
interface DynaliteLevel {
  put(key: string, value: unknown): Promise<void>;
  get(key: string): Promise<unknown>;
  keys(options?: object): LevelIterator;
  values(options?: object): LevelIterator;
  createKeyStream(options?: object): Readable;
  createValueStream(options?: object): Readable;
}

/** What dynalite's `db.create` returns (the parts used here). */
interface DynaliteStore {
  readonly db: DynaliteLevel;
  readonly tableDb: SubDb;
  getItemDb(tableName: string): SubDb;
  getIndexDb(indexType: 'Global' | 'Local', tableName: string, indexName: string): SubDb;
  deleteIndexDb(
    indexType: 'Global' | 'Local',
    tableName: string,
    indexName: string,
    callback: Callback,
  ): void;
}

interface DynaliteDb {
  create(options: object): DynaliteStore;
  createKey(item: WireItem, table: TableDescription, keySchema?: readonly KeyElement[]): string;
  createIndexKey(item: WireItem, table: TableDescription, keySchema: readonly KeyElement[]): string;
  updateIndexes(
    store: DynaliteStore,
    table: TableDescription,
    existingItem: WireItem | null | undefined,
    item: WireItem | null | undefined,
    callback: Callback,
  ): void;
}

const indexTypes = ['Global', 'Local'] as const;

/**
 * An index entry's key: the index's own key, then the item's whole table key. dynalite ends it
 * with the first six hex digits of an MD5 of the table key instead, so two items with the same
 * index key and sort key collide one time in 2²⁴, and the later silently replaces the earlier in
 * the index (at 20,000 reports accepted on one day, a Query of them found 19,999). A table key is
 * unique, so this never collides; its own hash prefix keeps ties in an arbitrary order, as
 * DynamoDB leaves them.
 */
function indexEntryKey(
  db: DynaliteDb,
  item: WireItem,
  table: TableDescription,
  keySchema: readonly KeyElement[],
) {
  return db.createKey(item, table, keySchema) + db.createKey(item, table);
}

/** The indexes `item` has an entry in: those whose key attributes it carries. */
const indexesHolding = (indexes: readonly SecondaryIndex[], item: WireItem) =>
  indexes.filter((index) => index.KeySchema.every(({ AttributeName }) => item[AttributeName] != null));

/** What `item` projects into `index`: all of it, or its keys and the index's non-key attributes. */
function projection(index: SecondaryIndex, item: WireItem, table: TableDescription): WireItem {
  if (index.Projection.ProjectionType === 'ALL') return item;
  return Object.fromEntries(
    [...index.KeySchema, ...table.KeySchema]
      .map(({ AttributeName }) => AttributeName)
      .concat(index.Projection.NonKeyAttributes ?? [])
      .flatMap((name) => {
        const value = item[name];
        return value === undefined ? [] : [[name, value] as const];
      }),
  );
}

const together = (steps: ((done: Callback) => void)[], done: Callback) => {
  let left = steps.length;
  let failed = false;
  if (left === 0) return done();
  for (const step of steps)
    step((error) => {
      if (failed) return;
      if (error) {
        failed = true;
        return done(error);
      }
      left -= 1;
      if (left === 0) done();
    });
};

/**
 * dynalite's `updateIndexes` with whole-key entries: an item's old entries are removed where its
 * index key changed (or it left the index), then its new ones written.
 */
function updateIndexes(db: DynaliteDb): DynaliteDb['updateIndexes'] {
  return (store, table, existingItem, item, callback) => {
    const removals: ((done: Callback) => void)[] = [];
    const writes: ((done: Callback) => void)[] = [];
    for (const indexType of indexTypes) {
      const indexes = table[`${indexType}SecondaryIndexes`] ?? [];
      const newKeys = new Map<string, string>();
      if (item)
        for (const index of indexesHolding(indexes, item)) {
          const key = indexEntryKey(db, item, table, index.KeySchema);
          newKeys.set(index.IndexName, key);
          const indexDb = store.getIndexDb(indexType, table.TableName, index.IndexName);
          writes.push((done) => indexDb.put(key, projection(index, item, table), done));
        }
      if (existingItem)
        for (const index of indexesHolding(indexes, existingItem)) {
          const key = indexEntryKey(db, existingItem, table, index.KeySchema);
          if (newKeys.get(index.IndexName) === key) continue;
          const indexDb = store.getIndexDb(indexType, table.TableName, index.IndexName);
          removals.push((done) => indexDb.del(key, done));
        }
    }
    together(removals, (error) => (error ? callback(error) : together(writes, callback)));
  };
}

/** The marker, in dynalite's LevelDB beside its own prefixes, that its index entries have whole keys. */
const markerKey = 'commissioner~indexEntryKeys';
const markerValue = 'whole-table-key';

/**
 * Writes every index of every table again from its items, unless the store says it was written
 * with whole keys: a data directory from before holds entries under the short keys, which the
 * whole-key writes would neither find nor remove.
 */
async function rebuildIndexes(db: DynaliteDb, store: DynaliteStore): Promise<void> {
  const marked = await store.db.get(markerKey).catch(() => undefined);
  if (marked === markerValue) return;
  const tables: TableDescription[] = [];
  for await (const table of store.tableDb.createValueStream()) tables.push(table as TableDescription);
  const write = updateIndexes(db);
  for (const table of tables) {
    for (const indexType of indexTypes) {
      for (const index of table[`${indexType}SecondaryIndexes`] ?? []) {
        await new Promise<void>((resolve, reject) =>
          store.deleteIndexDb(indexType, table.TableName, index.IndexName, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
      }
    }
    if (!table.GlobalSecondaryIndexes?.length && !table.LocalSecondaryIndexes?.length) continue;
    // One item at a time as the stream reads it, so a large table is never held in memory.
    for await (const item of store.getItemDb(table.TableName).createValueStream()) {
      await new Promise<void>((resolve, reject) =>
        write(store, table, null, item as WireItem, (error) => (error ? reject(error) : resolve())),
      );
    }
  }
  await store.db.put(markerKey, markerValue);
}

/**
 * A stream of an iterator's entries that closes the iterator when it ends or is destroyed.
 * dynalite's own streams close it through `iterator.return`, which abstract-level's iterators do
 * not have: every Query, Scan and table listing left a LevelDB iterator open for good, each
 * pinning the memtable and table files of its moment, so the runtime's native memory and the cost
 * of reads grew with every request ever served (measured: 2 iterators left open a Query).
 */
function closingStream(iterator: LevelIterator): Readable {
  return new Readable({
    objectMode: true,
    read() {
      iterator.next().then(
        (entry) => this.push(entry === undefined ? null : entry),
        (error: Error) => this.destroy(error),
      );
    },
    destroy(error, callback) {
      iterator.close().then(
        () => callback(error),
        (closeError: Error) => callback(error ?? closeError),
      );
    },
  });
}

/**
 * Mends dynalite where it departs from DynamoDB or leaks, and returns what to await before
 * serving. Its index entries are keyed by the item's whole table key (see `indexEntryKey`), and
 * a data directory written before has its indexes rebuilt; its LevelDB streams close their
 * iterators (see `closingStream`). dynalite's actions reach `createIndexKey`, `updateIndexes`
 * and `create` through the module's exports, and its key-prefixed views reach the streams
 * through the LevelDB object, so replacing them there is enough; call this before `dynalite()`.
 */
export function repairDynalite(): { readonly ready: () => Promise<void> } {
  const db = createRequire(import.meta.url)('dynalite/db/index.js') as DynaliteDb;
  const create = db.create;
  let store: DynaliteStore | undefined;
  db.create = (options) => {
    const created = create(options);
    created.db.createKeyStream = (streamOptions) => closingStream(created.db.keys(streamOptions));
    created.db.createValueStream = (streamOptions) => closingStream(created.db.values(streamOptions));
    store = created;
    return created;
  };
  db.createIndexKey = (item, table, keySchema) => indexEntryKey(db, item, table, keySchema);
  db.updateIndexes = updateIndexes(db);
  return {
    ready: async () => {
      if (!store) throw new Error('dynalite has not created its store yet');
      await rebuildIndexes(db, store);
    },
  };
}
