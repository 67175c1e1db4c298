/**
 * `read` for every item, at most `size` at a time, results in the items' order: a record's
 * pages and versions grow with what people do, and one request per item all at once would
 * grow the burst on the table with them.
 */
export async function inBatches<Item, Result>(
  items: readonly Item[],
  size: number,
  read: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = [];
  for (let first = 0; first < items.length; first += size) {
    results.push(...(await Promise.all(items.slice(first, first + size).map(read))));
  }
  return results;
}
