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
}

/** DynamoDB's limit for a sort key value, the smaller of the two key limits (UTF-8 bytes). */
const maxKeyValueBytes = 1024;

export function parseLimit(raw: string | undefined, size: PageSize): number {
  if (raw === undefined) return size.defaultLimit;
  const limit = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= size.maxLimit)) {
    throw new ValidationError([
      { field: 'limit', reason: `must be a whole number from 1 to ${size.maxLimit}` },
    ]);
  }
  return limit;
}

export function encodeCursor(key: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor names, or a 400 on `cursor` when it is not one this index and partition gave. */
export function decodeCursor(raw: string, expected: CursorKey): Record<string, string> {
  const invalid = (reason: string) => new ValidationError([{ field: 'cursor', reason }]);
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(raw)) throw invalid('is not a cursor this list gave');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this list gave');
  }
  const keyValue = z
    .string()
    .min(1)
    .refine((value) => Buffer.byteLength(value, 'utf8') <= maxKeyValueBytes);
  const shape = z
    .strictObject(Object.fromEntries(expected.attributes.map((attribute) => [attribute, keyValue])))
    .safeParse(decoded);
  if (!shape.success) throw invalid('is not a cursor this list gave');
  const key = shape.data as Record<string, string>;
  if (key[expected.partition.attribute] !== expected.partition.value) {
    throw invalid(`belongs to another ${expected.partition.attribute}`);
  }
  return key;
}

/** The key of an item as DynamoDB would give it as LastEvaluatedKey, to go on after it. */
export function keyOf<Item extends object>(
  item: Item,
  attributes: readonly (keyof Item & string)[],
): Record<string, unknown> {
  return Object.fromEntries(attributes.map((attribute) => [attribute, item[attribute]]));
}
