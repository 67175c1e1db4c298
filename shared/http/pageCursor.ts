import * as z from 'zod';
import { ValidationError } from '#shared/errors.ts';

/*
 * Paged reads over a DynamoDB index: the page size a caller may ask for, and the opaque
 * cursor that carries the key to go on from (DynamoDB's LastEvaluatedKey) as base64url JSON.
 * The cursor comes back from the caller, so it is checked before DynamoDB sees it: only the
 * key attributes the index has, each a non-empty string within DynamoDB's key size, and the
 * partition the caller asks about (a cursor of another year cannot page this one).
 */

/** A page's size: `defaultLimit` when not asked for, never more than `maxLimit`. */
export interface PageSize {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/** The key attributes of one index (its own and the table's), and the partition being paged. */
export interface CursorKey {
  /** Every attribute of the key, the partition attribute among them. */
  readonly attributes: readonly string[];
  readonly partition: { readonly attribute: string; readonly value: string };
  /** When the read is a range of the sort key (`begins_with`): the key must lie in it. */
  readonly sortPrefix?: { readonly attribute: string; readonly prefix: string };
}

/** DynamoDB's limit for a sort key value, the smaller of the two key limits (UTF-8 bytes). */
const maxKeyValueBytes = 1024;

export function parseLimit(raw: string | undefined, size: PageSize): number {
  if (raw === undefined) return size.defaultLimit;
  const limit = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= size.maxLimit)) {
    throw new ValidationError([
      {
        field: 'limit',
        reason: `must be a whole number from 1 to ${size.maxLimit}`,
        code: 'outOfRange',
        params: { minimum: 1, maximum: size.maxLimit },
      },
    ]);
  }
  return limit;
}

export function encodeCursor(key: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor names, or a 400 on `cursor` when it is not one this index and partition gave. */
export function decodeCursor(raw: string, expected: CursorKey): Record<string, string> {
  return checkedKey(decodedCursor(raw), expected);
}

const notOurs = 'is not a cursor this list gave';
const invalidCursor = (reason: string) =>
  new ValidationError([{ field: 'cursor', reason, code: 'notACursor' }]);

function decodedCursor(raw: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(raw)) throw invalidCursor(notOurs);
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(notOurs);
  }
}

function checkedKey(decoded: unknown, expected: CursorKey): Record<string, string> {
  const keyValue = z
    .string()
    .min(1)
    .refine((value) => Buffer.byteLength(value, 'utf8') <= maxKeyValueBytes);
  const shape = z
    .strictObject(Object.fromEntries(expected.attributes.map((attribute) => [attribute, keyValue])))
    .safeParse(decoded);
  if (!shape.success) throw invalidCursor(notOurs);
  const key = shape.data as Record<string, string>;
  if (key[expected.partition.attribute] !== expected.partition.value) {
    throw invalidCursor(`belongs to another ${expected.partition.attribute}`);
  }
  if (expected.sortPrefix && !key[expected.sortPrefix.attribute]?.startsWith(expected.sortPrefix.prefix)) {
    throw invalidCursor(`belongs to another ${expected.sortPrefix.attribute} range`);
  }
  return key;
}

/**
 * Where a list read over several index partitions (merged into one order) stands in each:
 * `start` (not read yet), `done`, or the key to go on after.
 */
export type SourcePosition = 'start' | 'done' | Record<string, string>;

/**
 * A cursor over several partitions: `query` names the list and its filters (a digest), so a
 * cursor of one query is refused on another, and each position is checked as a key of its source.
 */
export function encodeListCursor(query: string, positions: readonly SourcePosition[]): string {
  return encodeCursor({ q: query, p: positions } as unknown as Record<string, unknown>);
}

export function decodeListCursor(
  raw: string,
  query: string,
  sources: readonly CursorKey[],
): SourcePosition[] {
  const shape = z.strictObject({ q: z.string(), p: z.array(z.unknown()) }).safeParse(decodedCursor(raw));
  if (!shape.success) throw invalidCursor(notOurs);
  if (shape.data.q !== query) {
    throw invalidCursor('belongs to another list or other filters; start again without it');
  }
  if (shape.data.p.length !== sources.length) throw invalidCursor(notOurs);
  return shape.data.p.map((position, index) =>
    position === 'start' || position === 'done'
      ? position
      : checkedKey(position, sources[index] as CursorKey),
  );
}

/** The key of an item as DynamoDB would give it as LastEvaluatedKey, to go on after it. */
export function keyOf<Item extends object>(
  item: Item,
  attributes: readonly (keyof Item & string)[],
): Record<string, unknown> {
  return Object.fromEntries(attributes.map((attribute) => [attribute, item[attribute]]));
}
