import { createHash } from 'node:crypto';
import {
  type CursorKey,
  decodeListCursor,
  encodeListCursor,
  type SourcePosition,
} from '#shared/http/pageCursor.ts';

/*
 * A list page read from one or more index partitions (a research office's and an enterprise's
 * agreements, a user's task keys, a dispatch state each), merged into one order. Each partition
 * is read from where the last page stopped in it, one more than the page so the merge knows
 * what comes next; what the page took from each is a prefix of what was read from it, so
 * paging returns every item once and in order.
 */

/** One index partition a list reads, optionally a range of its sort key. */
export interface ListSource {
  readonly index: string;
  readonly partition: { readonly attribute: string; readonly value: string };
  readonly sort: { readonly attribute: string; readonly prefix?: string };
}

export interface ListQuery {
  /** The list's name, so a cursor of one list is refused by another with the same sources. */
  readonly list: string;
  readonly sources: readonly ListSource[];
  readonly order: 'newestFirst' | 'oldestFirst';
}

/** The filters a list may take; each list names those it has. */
export interface ListFilters {
  readonly state?: string;
  readonly year?: string;
  readonly organization?: string;
}

/** The sort-key prefix of a year for an index sorted by an ISO date or timestamp. */
export const yearPrefix = (year: string | undefined): string | undefined =>
  year === undefined ? undefined : `${year}-`;

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

export interface ListPage<Item> {
  readonly items: Item[];
  readonly nextCursor?: string;
}

/** Reads up to `limit` items of one source after `startKey`, as DynamoDB's Query would. */
export type SourceReader<Item> = (
  source: ListSource,
  limit: number,
  startKey: Record<string, string> | undefined,
) => Promise<{ items: Item[]; lastKey?: Record<string, unknown> }>;

interface Fetched<Item> {
  readonly items: readonly Item[];
  /** DynamoDB stopped with a LastEvaluatedKey: more may follow what was read. */
  readonly more: boolean;
}

/**
 * The k-way merge of what was read: at most `limit` items, best first (ties to the earlier
 * source). It stops where a source that may hold more ran out of what was read, since its next
 * item is unknown. Answers how many items each source gave.
 */
export function mergeFetched<Item>(
  fetched: readonly Fetched<Item>[],
  limit: number,
  before: (a: Item, b: Item) => boolean,
): { page: Item[]; taken: number[] } {
  const taken = fetched.map(() => 0);
  const page: Item[] = [];
  while (page.length < limit) {
    let best: number | undefined;
    let stalled = false;
    fetched.forEach((source, index) => {
      const head = source.items[taken[index] as number];
      if (head === undefined) {
        if (source.more) stalled = true;
        return;
      }
      const bestHead = best === undefined ? undefined : fetched[best]?.items[taken[best] as number];
      if (bestHead === undefined || before(head, bestHead)) best = index;
    });
    if (stalled || best === undefined) break;
    page.push(fetched[best]?.items[taken[best] as number] as Item);
    taken[best] = (taken[best] as number) + 1;
  }
  return { page, taken };
}

/** The attributes of a source's index key as DynamoDB gives them in LastEvaluatedKey. */
function keyAttributes(source: ListSource): string[] {
  return [...new Set(['id', source.partition.attribute, source.sort.attribute])];
}

function cursorKeyOf(source: ListSource): CursorKey {
  return {
    attributes: keyAttributes(source),
    partition: source.partition,
    ...(source.sort.prefix === undefined
      ? {}
      : { sortPrefix: { attribute: source.sort.attribute, prefix: source.sort.prefix } }),
  };
}

/** A digest of the query: it binds a cursor to this list, these partitions and these filters. */
function queryDigest(query: ListQuery): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

/**
 * One page of `query`: its items in order (those `keep` refuses are left out, so a page may be
 * short) and a cursor when any source may hold more.
 */
export async function readListPage<Item extends { readonly id: string }>(
  query: ListQuery,
  request: PageRequest,
  read: SourceReader<Item>,
  keep: (item: Item) => boolean = () => true,
): Promise<ListPage<Item>> {
  const digest = queryDigest(query);
  const positions: SourcePosition[] =
    request.cursor === undefined
      ? query.sources.map(() => 'start')
      : decodeListCursor(request.cursor, digest, query.sources.map(cursorKeyOf));
  const fetched = await Promise.all(
    query.sources.map(async (source, index): Promise<Fetched<Item>> => {
      const position = positions[index];
      if (position === 'done') return { items: [], more: false };
      const { items, lastKey } = await read(
        source,
        request.limit + 1,
        position === 'start' ? undefined : position,
      );
      return { items, more: lastKey !== undefined };
    }),
  );
  const sortValue = (item: Item, source: number) =>
    String((item as Record<string, unknown>)[query.sources[source]?.sort.attribute ?? ''] ?? '');
  // Each item remembers its source, so the comparison reads the sort attribute that source's index has.
  const tagged = fetched.map((each, source) => ({
    more: each.more,
    items: each.items.map((item) => ({ item, sort: sortValue(item, source) })),
  }));
  const { page, taken } = mergeFetched(tagged, request.limit, (a, b) =>
    query.order === 'newestFirst' ? a.sort > b.sort : a.sort < b.sort,
  );
  const next = query.sources.map((source, index): SourcePosition => {
    const count = taken[index] as number;
    const each = tagged[index] as (typeof tagged)[number];
    if (count === each.items.length && !each.more) return 'done';
    const last = each.items[count - 1];
    if (!last) return positions[index] as SourcePosition;
    return {
      id: last.item.id,
      [source.partition.attribute]: source.partition.value,
      [source.sort.attribute]: last.sort,
    };
  });
  const seen = new Set<string>();
  const items = page
    .map(({ item }) => item)
    // One record can be in two of the caller's partitions (a commissioner who is also its research office).
    .filter((item) => !seen.has(item.id) && seen.add(item.id) !== undefined && keep(item));
  return {
    items,
    ...(next.every((position) => position === 'done') ? {} : { nextCursor: encodeListCursor(digest, next) }),
  };
}

/** A source read in the order of `sortAttribute`, within `prefix` of it when given (a year of a date). */
export function sourceOf(
  index: string,
  partitionAttribute: string,
  value: string,
  sortAttribute: string,
  prefix?: string,
): ListSource {
  return {
    index,
    partition: { attribute: partitionAttribute, value },
    sort: { attribute: sortAttribute, ...(prefix === undefined ? {} : { prefix }) },
  };
}

/** Keeps the records in `state` when a list is asked for one and no index has it as its key. */
export const inState =
  (state: string | undefined) =>
  (record: { readonly state: string }): boolean =>
    state === undefined || record.state === state;

/** How the bureau's list of one kind of record is read. */
export interface BureauList {
  /** The `entity` partition of the index sorted by last change: the whole list, newest first. */
  readonly entity: string;
  readonly byUpdatedAt: string;
  /** The index of `state` sorted by `createdAt`: one state, and a year as the merge of every state. */
  readonly byState: string;
  readonly states: readonly string[];
  /** One organisation's records, of a year when `prefix` is given, from the index(es) by organisation. */
  readonly organization: (name: string, prefix: string | undefined) => ListSource[];
}

/**
 * The partitions the bureau's list reads for its filters: one organisation's (a state filter is
 * then applied to them), one state's (a year a range of it), a year's (every state's, merged),
 * or every record by last change.
 */
export function bureauSources(list: BureauList, filters: ListFilters): ListSource[] {
  const prefix = yearPrefix(filters.year);
  if (filters.organization) return list.organization(filters.organization, prefix);
  const inStates = (states: readonly string[]) =>
    states.map((state) => sourceOf(list.byState, 'state', state, 'createdAt', prefix));
  if (filters.state) return inStates([filters.state]);
  if (prefix) return inStates(list.states);
  return [sourceOf(list.byUpdatedAt, 'entity', list.entity, 'updatedAt')];
}
