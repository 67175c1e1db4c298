import { createHash } from 'node:crypto';
import * as z from 'zod';
import { compareRank, type DemandProfile, type RankKey } from '#shared/dispatch/ranking.ts';
import { ValidationError } from '#shared/errors.ts';
import { encodeCursor } from '#shared/http/pageCursor.ts';
import type { ListPage, PageRequest } from '#shared/records/pagedList.ts';

/*
 * The ranked pool a page at a time. The ranking is computed whole on each read, then sliced: the
 * order depends on every commissioner's score, so no index can give it. A cursor carries the last
 * candidate's place in that order (score, load, name, id: the order is total on it), so the next
 * page goes on after it even when the pool changed in between, and a digest of the demand and what
 * it is ranked by, so a cursor of another demand (or of this one before its form changed) is refused.
 */

const notOurs = 'is not a cursor this list gave';
const invalidCursor = (reason: string) =>
  new ValidationError([{ field: 'cursor', reason, code: 'notACursor' }]);

/** DynamoDB's limit for a key value: a commissioner's id and name are never longer. */
const maxTextBytes = 1024;
const text = z
  .string()
  .min(1)
  .refine((value) => Buffer.byteLength(value, 'utf8') <= maxTextBytes);

const cursorSchema = z.strictObject({
  q: z.string(),
  after: z.strictObject({
    score: z.number().finite().min(0),
    activeEnterprises: z.number().int().min(0),
    name: text,
    commissionerId: text,
  }),
});

function rankingDigest(demandId: string, profile: DemandProfile): string {
  return createHash('sha256')
    .update(JSON.stringify({ list: 'candidates', demandId, profile }))
    .digest('base64url')
    .slice(0, 16);
}

function decodeCandidateCursor(raw: string, digest: string): RankKey {
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(raw)) throw invalidCursor(notOurs);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(notOurs);
  }
  const shape = cursorSchema.safeParse(decoded);
  if (!shape.success) throw invalidCursor(notOurs);
  if (shape.data.q !== digest) {
    throw invalidCursor('belongs to another demand or an earlier form of it; start again without it');
  }
  return shape.data.after;
}

/**
 * The page of `ranked` (in the order of `rankCandidates`) that `request` asks for: from the top,
 * or after the candidate its cursor names; with a cursor when more follow.
 */
export function candidatePage<Item extends RankKey>(
  ranked: readonly Item[],
  demand: { readonly id: string; readonly profile: DemandProfile },
  request: PageRequest,
): ListPage<Item> {
  const digest = rankingDigest(demand.id, demand.profile);
  let start = 0;
  if (request.cursor !== undefined) {
    const after = decodeCandidateCursor(request.cursor, digest);
    const next = ranked.findIndex((item) => compareRank(item, after) > 0);
    start = next === -1 ? ranked.length : next;
  }
  const items = ranked.slice(start, start + request.limit);
  const last = items.at(-1);
  if (!last || start + items.length >= ranked.length) return { items };
  const after: RankKey = {
    score: last.score,
    activeEnterprises: last.activeEnterprises,
    name: last.name,
    commissionerId: last.commissionerId,
  };
  return { items, nextCursor: encodeCursor({ q: digest, after }) };
}
