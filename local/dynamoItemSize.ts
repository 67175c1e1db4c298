import { createRequire } from 'node:module';

/** A DynamoDB attribute value on the wire: one type descriptor and its value. */
type WireValue = Record<string, unknown>;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Leading and trailing zeroes are not stored; sign, point and exponent are not digits. */
function significantDigits(number: string): number {
  const mantissa = number.replace(/^[+-]/, '').split(/[eE]/)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(digits.length, 1);
}

function valueSize(value: WireValue): number {
  const [type, content] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8Bytes(content as string);
    case 'N':
      return Math.ceil(significantDigits(content as string) / 2) + 1;
    case 'B':
      return Buffer.from(content as string, 'base64').length;
    case 'SS':
      return (content as string[]).reduce((sum, text) => sum + utf8Bytes(text), 0);
    case 'NS':
      return (content as string[]).reduce(
        (sum, number) => sum + Math.ceil(significantDigits(number) / 2) + 1,
        0,
      );
    case 'BS':
      return (content as string[]).reduce((sum, bytes) => sum + Buffer.from(bytes, 'base64').length, 0);
    case 'L':
      return 3 + (content as WireValue[]).reduce((sum, element) => sum + 1 + valueSize(element), 0);
    case 'M':
      return (
        3 +
        Object.entries(content as Record<string, WireValue>).reduce(
          (sum, [name, element]) => sum + 1 + utf8Bytes(name) + valueSize(element),
          0,
        )
      );
    default:
      // NULL and BOOL
      return 1;
  }
}

/**
 * An item's size as DynamoDB counts it against its 400 KB limit (AWS's "DynamoDB item sizes
 * and formats"): UTF-8 bytes of every attribute name and string, a byte per two significant
 * digits of a number plus one, raw bytes of a binary, one byte for a null or a Boolean, and
 * for a list or map 3 bytes plus one per element on top of its elements.
 */
export function dynamoItemSize(item: Record<string, WireValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + valueSize(value), 0);
}

/**
 * dynalite counts strings and names in UTF-16 code units, so Chinese text (3 UTF-8 bytes a
 * character) passes at a third of its real size. Its PutItem, UpdateItem and BatchWriteItem
 * checks call `db.itemSize` through the module's exports, so replacing that export makes them
 * refuse what DynamoDB refuses, with the ValidationException and message they already give.
 */
export function countItemSizesAsDynamoDb(): void {
  const db = createRequire(import.meta.url)('dynalite/db/index.js') as {
    itemSize: (item: Record<string, WireValue>) => number;
  };
  db.itemSize = dynamoItemSize;
}
