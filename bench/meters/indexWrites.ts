import { type Item, itemSize, writeUnitsFor } from './itemSize.ts';

/** What a global secondary index holds of an item. */
export interface IndexShape {
  readonly name: string;
  readonly keyAttributes: readonly string[];
  /** undefined: every attribute (`ALL`); otherwise the attributes projected besides the keys. */
  readonly projectedAttributes: readonly string[] | undefined;
}

export interface TableShape {
  readonly keyAttributes: readonly string[];
  readonly indexes: readonly IndexShape[];
}

/** The part of `item` an index keeps, or undefined when the item lacks the index's keys (a sparse index). */
function indexEntry(table: TableShape, index: IndexShape, item: Item | undefined): Item | undefined {
  if (!item || index.keyAttributes.some((name) => item[name] === undefined)) return undefined;
  if (!index.projectedAttributes) return item;
  const kept = new Set([...table.keyAttributes, ...index.keyAttributes, ...index.projectedAttributes]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
}

/** JSON with object keys sorted, so two copies of an item compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value).sort(([left], [right]) => left.localeCompare(right));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
}

const sameValues = (left: Item, right: Item, names: readonly string[]) =>
  names.every((name) => canonical(left[name]) === canonical(right[name]));

/**
 * The write request units a table write costs in its global secondary indexes, as DynamoDB
 * bills them: an entry added or removed is one write of its size; a changed entry is one write,
 * or two (a delete and a put) when its index key changed; an unchanged entry costs nothing.
 */
export function indexWriteUnits(
  table: TableShape,
  before: Item | undefined,
  after: Item | undefined,
): number {
  let units = 0;
  for (const index of table.indexes) {
    const old = indexEntry(table, index, before);
    const next = indexEntry(table, index, after);
    if (old && next) {
      if (!sameValues(old, next, index.keyAttributes)) {
        units += writeUnitsFor(itemSize(old)) + writeUnitsFor(itemSize(next));
      } else if (canonical(old) !== canonical(next)) {
        units += writeUnitsFor(itemSize(next));
      }
    } else if (old) {
      units += writeUnitsFor(itemSize(old));
    } else if (next) {
      units += writeUnitsFor(itemSize(next));
    }
  }
  return units;
}
