import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { type ListQuery, readListPage, type SourceReader, sourceOf } from '#shared/records/pagedList.ts';

interface Row {
  readonly id: string;
  readonly at: string;
}

/** Partitions held in index order, read as DynamoDB's Query reads them: after the start key, at most `limit`. */
function readerOver(partitions: Record<string, readonly Row[]>, reads: { count: number }): SourceReader<Row> {
  return async (source, limit, startKey) => {
    reads.count += 1;
    const rows = partitions[source.partition.value] ?? [];
    const from = startKey ? rows.findIndex((row) => row.id === startKey.id) + 1 : 0;
    const items = rows.slice(from, from + limit);
    const last = items.at(-1);
    return {
      items,
      ...(from + limit < rows.length && last
        ? { lastKey: { id: last.id, p: source.partition.value, at: last.at } }
        : {}),
    };
  };
}

const queryOver = (names: readonly string[], order: ListQuery['order']): ListQuery => ({
  list: 'rows',
  sources: names.map((name) => sourceOf('byP', 'p', name, 'at')),
  order,
});

async function everyPage(query: ListQuery, read: SourceReader<Row>, limit: number) {
  const pages: Row[][] = [];
  let cursor: string | undefined;
  do {
    const page = await readListPage(query, { limit, ...(cursor ? { cursor } : {}) }, read);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(10_000);
  } while (cursor);
  return pages;
}

const partitionsArb = fc
  .array(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }), { minLength: 1, maxLength: 4 })
  .map((lists) =>
    Object.fromEntries(
      lists.map((ats, p) => [
        `p${p}`,
        ats.map((at, i) => ({ id: `p${p}-${i}`, at: String(at).padStart(3, '0') })),
      ]),
    ),
  );

describe('paged lists over merged partitions', () => {
  it('return every item exactly once, in order, whatever the page size and partitions', async () => {
    await fc.assert(
      fc.asyncProperty(
        partitionsArb,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<ListQuery['order']>('newestFirst', 'oldestFirst'),
        async (unsorted, limit, order) => {
          const direction = order === 'newestFirst' ? -1 : 1;
          const partitions = Object.fromEntries(
            Object.entries(unsorted).map(([name, rows]) => [
              name,
              [...rows].sort((a, b) => direction * a.at.localeCompare(b.at)),
            ]),
          );
          const pages = await everyPage(
            queryOver(Object.keys(partitions), order),
            readerOver(partitions, { count: 0 }),
            limit,
          );
          const all = pages.flat();
          const expected = Object.values(partitions).flat();
          expect(all.map((row) => row.id).sort()).toEqual(expected.map((row) => row.id).sort());
          for (let i = 1; i < all.length; i++) {
            expect(direction * (all[i]?.at ?? '').localeCompare(all[i - 1]?.at ?? '')).toBeGreaterThanOrEqual(
              0,
            );
          }
          // Full pages until the last: a page is short only at the end.
          for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
        },
      ),
    );
  });

  it('page 1,250 rows of one partition in pages of 200 without an empty last page', async () => {
    const rows = Array.from({ length: 1250 }, (_, i) => ({ id: `r${i}`, at: String(9999 - i) }));
    const pages = await everyPage(
      queryOver(['a'], 'newestFirst'),
      readerOver({ a: rows }, { count: 0 }),
      200,
    );
    expect(pages.map((page) => page.length)).toEqual([200, 200, 200, 200, 200, 200, 50]);
    expect(pages.flat()).toEqual(rows);
  });

  it('refuse a cursor of another partition, another list or other filters', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}`, at: String(9 - i) }));
    const read = readerOver({ a: rows, b: rows }, { count: 0 });
    const first = await readListPage(queryOver(['a'], 'newestFirst'), { limit: 2 }, read);
    expect(first.nextCursor).toBeDefined();
    const others: ListQuery[] = [
      queryOver(['b'], 'newestFirst'),
      queryOver(['a', 'b'], 'newestFirst'),
      { ...queryOver(['a'], 'newestFirst'), list: 'other' },
      { ...queryOver(['a'], 'newestFirst'), sources: [sourceOf('byP', 'p', 'a', 'at', '2026-')] },
    ];
    for (const other of others) {
      const refused = await readListPage(other, { limit: 2, cursor: first.nextCursor as string }, read).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fields).toEqual([
        {
          field: 'cursor',
          reason: 'belongs to another list or other filters; start again without it',
          code: 'notACursor',
        },
      ]);
    }
  });

  it('refuse a forged position outside the partition or the year it pages', async () => {
    const query: ListQuery = {
      list: 'rows',
      sources: [sourceOf('byP', 'p', 'a', 'at', '2026-')],
      order: 'newestFirst',
    };
    const rows = [
      { id: 'x', at: '2026-05' },
      { id: 'y', at: '2026-04' },
    ];
    const read = readerOver({ a: rows }, { count: 0 });
    const first = await readListPage(query, { limit: 1 }, read);
    const decoded = JSON.parse(Buffer.from(first.nextCursor as string, 'base64url').toString('utf8'));
    const forge = (position: unknown) =>
      Buffer.from(JSON.stringify({ ...decoded, p: [position] })).toString('base64url');
    const reasons = [];
    for (const position of [
      { id: 'x', p: 'b', at: '2026-05' },
      { id: 'x', p: 'a', at: '2025-05' },
      { id: 'x', p: 'a' },
      'later',
    ]) {
      reasons.push(
        await readListPage(query, { limit: 1, cursor: forge(position) }, read).then(
          () => 'accepted',
          (error: ValidationError) => error.fields[0]?.reason,
        ),
      );
    }
    expect(reasons).toEqual([
      'belongs to another p',
      'belongs to another at range',
      'is not a cursor this list gave',
      'is not a cursor this list gave',
    ]);
  });
});
