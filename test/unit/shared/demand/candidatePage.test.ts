import { describe, expect, it } from 'vitest';
import { candidatePage } from '#shared/demand/candidatePage.ts';
import { compareRank } from '#shared/dispatch/ranking.ts';
import { ValidationError } from '#shared/errors.ts';

const profile = { industry: '制造业', technicalFields: ['智能制造'], location: '余杭区' };
const demand = { id: 'demand-1', profile };

/** Seven candidates in ranking order, two of them tied on score and load (so the name decides). */
const ranked = [
  { commissionerId: 'c1', name: '甲', score: 90, activeEnterprises: 0 },
  { commissionerId: 'c2', name: '乙', score: 80, activeEnterprises: 0 },
  { commissionerId: 'c3', name: '丙', score: 80, activeEnterprises: 1 },
  { commissionerId: 'c4', name: '丁', score: 60, activeEnterprises: 0 },
  { commissionerId: 'c5', name: '戊', score: 60, activeEnterprises: 0 },
  { commissionerId: 'c6', name: '己', score: 40, activeEnterprises: 2 },
  { commissionerId: 'c7', name: '庚', score: 0, activeEnterprises: 3 },
];

const ids = (items: readonly { commissionerId: string }[]) => items.map((item) => item.commissionerId);

function cursorError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('candidatePage', () => {
  it('is given a fixture in ranking order', () => {
    expect([...ranked].reverse().sort(compareRank)).toEqual(ranked);
  });

  it('slices the ranking into pages that give every candidate once, in order, the last with no cursor', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = candidatePage(ranked, demand, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(ids(ranked));
    expect(pages).toBe(3);
  });

  it('gives no cursor when one page holds the whole ranking', () => {
    expect(candidatePage(ranked, demand, { limit: ranked.length })).toEqual({ items: ranked });
    expect(candidatePage([], demand, { limit: 50 })).toEqual({ items: [] });
  });

  it('goes on after the last candidate it gave when the pool changed between pages', () => {
    const first = candidatePage(ranked, demand, { limit: 2 });
    expect(ids(first.items)).toEqual(['c1', 'c2']);
    // c1 was proposed meanwhile (it leaves the ranking) and a newcomer ranks first.
    const changed = [
      { commissionerId: 'c0', name: '新', score: 100, activeEnterprises: 0 },
      ...ranked.filter((item) => item.commissionerId !== 'c1'),
    ];
    const second = candidatePage(changed, demand, { limit: 2, cursor: first.nextCursor as string });
    expect(ids(second.items)).toEqual(['c3', 'c4']);
  });

  it("refuses another demand's cursor, and one given for the demand's earlier form, naming the cursor", () => {
    const { nextCursor } = candidatePage(ranked, demand, { limit: 2 });
    const otherDemand = cursorError(() =>
      candidatePage(ranked, { ...demand, id: 'demand-2' }, { limit: 2, cursor: nextCursor as string }),
    );
    expect(otherDemand.fields).toEqual([
      {
        field: 'cursor',
        reason: 'belongs to another demand or an earlier form of it; start again without it',
        code: 'notACursor',
      },
    ]);
    const otherForm = cursorError(() =>
      candidatePage(
        ranked,
        { ...demand, profile: { ...profile, location: '淳安县' } },
        { limit: 2, cursor: nextCursor as string },
      ),
    );
    expect(otherForm.fields[0]?.field).toBe('cursor');
  });

  it('refuses a tampered or made-up cursor with a 400 naming the cursor', () => {
    const { nextCursor } = candidatePage(ranked, demand, { limit: 2 });
    const decoded = JSON.parse(Buffer.from(nextCursor as string, 'base64url').toString('utf8'));
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const tampered = [
      'not a cursor!',
      encode('text'),
      encode({ ...decoded, extra: 1 }),
      encode({ ...decoded, after: { ...decoded.after, score: 'high' } }),
      encode({ ...decoded, after: { ...decoded.after, commissionerId: '' } }),
      encode({ ...decoded, after: { ...decoded.after, activeEnterprises: -1 } }),
      encode({ q: decoded.q }),
      `${nextCursor}!`,
    ];
    for (const cursor of tampered) {
      const error = cursorError(() => candidatePage(ranked, demand, { limit: 2, cursor }));
      expect(
        error.fields.map((field) => field.field),
        cursor,
      ).toEqual(['cursor']);
    }
  });
});
