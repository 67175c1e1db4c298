/**
 * An item as the document client sees it: plain values (strings, numbers, booleans, null, lists,
 * maps, sets, binary), before it marshals them for the wire.
 */
export type Item = Record<string, unknown>;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: about one byte per two significant digits, plus one. */
function numberSize(value: number | bigint): number {
  const digits = String(value)
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** A value's size by DynamoDB's rules; undefined is dropped on the wire (`removeUndefinedValues`). */
function valueSize(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(value);
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return [...value].reduce((total: number, member) => total + valueSize(member), 0);
  if (Array.isArray(value))
    return 3 + value.reduce((total: number, element) => total + 1 + valueSize(element), 0);
  const entries = Object.entries(value as Item).filter(([, inner]) => inner !== undefined);
  return 3 + entries.reduce((total, [name, inner]) => total + utf8Bytes(name) + 1 + valueSize(inner), 0);
}

/** An item's size as DynamoDB bills it: every attribute's name and value, in bytes. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce(
    (total, [name, value]) => (value === undefined ? total : total + utf8Bytes(name) + valueSize(value)),
    0,
  );
}

/** Write request units for one write of an item of `bytes`: one per started KB. */
export const writeUnitsFor = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
