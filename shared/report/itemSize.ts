/** DynamoDB refuses an item over 400 KB, counted as below. */
export const dynamoItemLimitBytes = 400 * 1024;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** One value's size as DynamoDB counts it (without its attribute name). */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value))
      .replace(/[.e+-]/g, '')
      .replace(/^0+|0+$/g, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value))
    return 3 + value.reduce<number>((sum, element) => sum + 1 + valueBytes(element), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value)
        .filter(([, element]) => element !== undefined)
        .reduce((sum, [name, element]) => sum + 1 + utf8Bytes(name) + valueBytes(element), 0)
    );
  }
  throw new TypeError(`DynamoDB stores no ${typeof value}`);
}

/**
 * An item's size by DynamoDB's documented rules: each attribute's name and value in UTF-8
 * bytes (Chinese is 3 bytes a character), a number one byte per two significant digits plus
 * one, a list or map 3 bytes plus 1 a element. Documents are marshalled without undefined.
 */
export function dynamoItemBytes(item: Readonly<Record<string, unknown>>): number {
  return Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + utf8Bytes(name) + valueBytes(value), 0);
}
