import { describe, expect, it } from 'vitest';
import { maxObjectionRevisions, type ObjectionRecord } from '#shared/dispatch/model.ts';
import { filedObjection } from '#shared/dispatch/objections.ts';
import { objectionSchema } from '#shared/dispatch/schema.ts';
import { ConflictError } from '#shared/errors.ts';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** An item's size by DynamoDB's documented rules: names and values in UTF-8, 3 bytes per list or map and 1 per element. */
function itemBytes(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce((total: number, each) => total + 1 + itemBytes(each), 0);
  const entries = Object.entries(value as Record<string, unknown>);
  return 3 + entries.reduce((total, [name, inner]) => total + utf8(name) + 1 + itemBytes(inner), 0);
}

const reasonMax = objectionSchema.shape.reason.maxLength ?? Number.NaN;
// A character of the Basic Multilingual Plane is one UTF-16 unit (what the schema counts) and 3 UTF-8 bytes: the most per unit.
const longest = (n: number) => `${n}`.padEnd(reasonMax, '龘');
const by = { sub: 's'.repeat(256), email: `${'e'.repeat(240)}@example.com` };
// A dispatch id is a demand's id and a commissioner's id (at most 100 characters each).
const dispatchId = `${'d'.repeat(100)}.${'c'.repeat(100)}`;
const at = '2026-12-01T12:00:00.000Z';

describe('one objection in its own item', () => {
  it('stays under DynamoDB’s 400 KB however it is filed and edited, counted in UTF-8 bytes', () => {
    expect(reasonMax).toBe(2000);
    let objection: ObjectionRecord | undefined;
    for (let filing = 0; filing <= maxObjectionRevisions; filing += 1) {
      objection = filedObjection(objection, { dispatchId, by, reason: longest(filing), at });
    }
    expect(objection?.revisions).toHaveLength(maxObjectionRevisions);
    // As stored: with the derived key of the index that lists a dispatch's objections.
    const stored = { ...objection, objectionOf: dispatchId };
    const bytes = itemBytes(stored) - 3; // an item is not itself a map
    expect(bytes).toBeGreaterThan((maxObjectionRevisions + 1) * reasonMax * 3);
    expect(bytes).toBeLessThan(409_600);
  });

  it('keeps the earlier text when its objector edits it, and refuses edits past the bound', () => {
    const first = filedObjection(undefined, { dispatchId, by, reason: '第一次的异议理由，足够长。', at });
    const edited = filedObjection(first, {
      dispatchId,
      by,
      reason: '修改后的异议理由，足够长。',
      at: '2026-12-02T12:00:00.000Z',
    });
    expect(edited).toMatchObject({
      id: first.id,
      version: 2,
      reason: '修改后的异议理由，足够长。',
      createdAt: at,
      updatedAt: '2026-12-02T12:00:00.000Z',
      revisions: [{ at, reason: '第一次的异议理由，足够长。' }],
    });
    let full = edited;
    while (full.revisions.length < maxObjectionRevisions) {
      full = filedObjection(full, { dispatchId, by, reason: `再次修改 ${full.version}`, at });
    }
    expect(() => filedObjection(full, { dispatchId, by, reason: '还想再改一次异议。', at })).toThrow(
      ConflictError,
    );
  });
});
