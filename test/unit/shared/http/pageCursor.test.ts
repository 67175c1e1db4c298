import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { decodeCursor, encodeCursor, keyOf, parseLimit } from '#shared/http/pageCursor.ts';

const byYear = (year: string) => ({
  attributes: ['id', 'year', 'agreementId'],
  partition: { attribute: 'year', value: year },
});

function problemOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('no ValidationError');
}

const keyValue = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' });

describe('page cursors', () => {
  it('give back the key they were made from, whatever its text', () => {
    fc.assert(
      fc.property(keyValue, keyValue, fc.integer({ min: 1000, max: 9999 }), (agreementId, id, year) => {
        const key = { id, year: String(year), agreementId };
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, byYear(String(year)))).toEqual(key);
      }),
    );
  });

  it('refuse a cursor of another year: it cannot page this one', () => {
    const cursor = encodeCursor({ id: '2031.a', year: '2031', agreementId: 'a' });
    expect(problemOf(() => decodeCursor(cursor, byYear('2032')))).toEqual([
      { field: 'cursor', reason: 'belongs to another year', code: 'notACursor' },
    ]);
  });

  it('refuse anything that is not a key of the index: garbage, other attributes, other types, empty or oversized values', () => {
    const refused = [
      '',
      'not a cursor!',
      'a'.repeat(5000),
      Buffer.from('{"id":').toString('base64url'),
      encodeCursor({ id: '2031.a', year: '2031' }),
      encodeCursor({ id: '2031.a', year: '2031', agreementId: 'a', state: 'graded' }),
      encodeCursor({ id: '2031.a', year: 2031, agreementId: 'a' }),
      encodeCursor({ id: '', year: '2031', agreementId: 'a' }),
      encodeCursor({ id: '2031.a', year: '2031', agreementId: 'é'.repeat(513) }),
      Buffer.from(JSON.stringify(['2031.a', '2031', 'a'])).toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ];
    for (const cursor of refused) {
      expect(
        problemOf(() => decodeCursor(cursor, byYear('2031'))),
        cursor,
      ).toEqual([{ field: 'cursor', reason: 'is not a cursor this list gave', code: 'notACursor' }]);
    }
  });

  it('refuse a tampered cursor, one character changed anywhere, unless it still names a key of this year', () => {
    const key = { id: '2031.agreement-1', year: '2031', agreementId: 'agreement-1' };
    const cursor = encodeCursor(key);
    fc.assert(
      fc.property(
        fc.nat({ max: cursor.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        (at, character) => {
          const tampered = cursor.slice(0, at) + character + cursor.slice(at + 1);
          let decoded: Record<string, string> | undefined;
          try {
            decoded = decodeCursor(tampered, byYear('2031'));
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            return;
          }
          // Still a well-formed key of the year: DynamoDB may start after it, and nothing else.
          expect(Object.keys(decoded).sort()).toEqual(['agreementId', 'id', 'year']);
          expect(decoded.year).toBe('2031');
        },
      ),
    );
  });

  it("take an item's key attributes, as DynamoDB's LastEvaluatedKey holds them", () => {
    const item = { id: '2031.a', year: '2031', agreementId: 'a', state: 'graded', version: 3 };
    expect(keyOf(item, ['id', 'year', 'agreementId'])).toEqual({
      id: '2031.a',
      year: '2031',
      agreementId: 'a',
    });
  });
});

describe('page sizes', () => {
  const size = { defaultLimit: 100, maxLimit: 500 };

  it('default when not asked, and take any whole number in range', () => {
    expect(parseLimit(undefined, size)).toBe(100);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (limit) => parseLimit(String(limit), size) === limit),
    );
  });

  it('refuse a limit out of range or not a whole number, naming the field', () => {
    for (const raw of ['0', '501', '-1', '1.5', 'ten', '', ' 5', '1e2', '99999999']) {
      expect(
        problemOf(() => parseLimit(raw, size)),
        raw,
      ).toEqual([
        {
          field: 'limit',
          reason: 'must be a whole number from 1 to 500',
          code: 'outOfRange',
          params: { minimum: 1, maximum: 500 },
        },
      ]);
    }
  });
});
