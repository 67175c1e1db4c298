import { beforeEach, describe, expect, it, vi } from 'vitest';
import { submitPanelScore } from '#shared/commendation/commendationService.ts';
import type { CommendationRound, PanelScore } from '#shared/commendation/model.ts';
import { ConflictError } from '#shared/errors.ts';
import type { Caller } from '#shared/identity.ts';

/*
 * Scoring over an in-memory round and score table: each score is an item of its own, never
 * part of the round's item, and a score whose audit entry was recorded before a crash is
 * stored by the retry, once, completing the panel's step when it is the last.
 */

const store = vi.hoisted(() => ({
  round: undefined as unknown,
  scores: new Map<string, unknown>(),
  completions: [] as string[],
  /** While set, storing a score fails (the process dies after the audit entry is recorded). */
  crashBeforeScore: false,
}));

vi.mock('#shared/commendation/commendationTable.ts', () => ({
  commendationIndexes: { byCreatedAt: 'byCreatedAt' },
  commendationTable: {
    get: async () => store.round,
    replace: async (round: unknown) => {
      store.round = round;
    },
    withAuditTrail: async ({ recentAudit, auditPages: _pages, ...rest }: CommendationRound) => ({
      ...rest,
      audit: recentAudit,
    }),
  },
}));

vi.mock('#shared/commendation/panelScores.ts', () => {
  const key = (nomineeId: string, memberEmail: string) => `${nomineeId}#${memberEmail}`;
  return {
    hasScored: async (_round: unknown, nomineeId: string, memberEmail: string) =>
      store.scores.has(key(nomineeId, memberEmail)),
    storePanelScore: async (_roundId: string, score: PanelScore) => {
      if (store.crashBeforeScore) throw new Error('The process died');
      if (store.scores.has(key(score.nomineeId, score.memberEmail))) return false;
      store.scores.set(key(score.nomineeId, score.memberEmail), score);
      return true;
    },
    panelScoresOf: async () => [...store.scores.values()],
    panelScoreCount: async () => store.scores.size,
  };
});

vi.mock('#shared/tasks/taskTable.ts', () => ({ getTask: async () => ({ status: 'open' }) }));
vi.mock('#shared/tasks/taskService.ts', () => ({
  completeTask: async (_caller: Caller, taskId: string) => {
    store.completions.push(taskId);
  },
}));

const panel = [
  { email: 'wang@example.edu.cn', organization: '浙江大学' },
  { email: 'chen@example.com', organization: '某某咨询有限公司' },
];
const nominee = (id: string, name: string) => ({
  id,
  name,
  email: `${id}@example.edu.cn`,
  institution: '浙江工业大学',
  institutionEmail: 'office@zjut.example.edu.cn',
  enterprise: '甲公司',
  assessmentScore: 92,
});
const member = (email: string): Caller => ({ sub: `${email}-sub`, email, roles: ['panel'] });

beforeEach(() => {
  store.scores.clear();
  store.completions.length = 0;
  store.crashBeforeScore = false;
  store.round = {
    id: 'commendation-2027',
    year: '2027',
    limit: 10,
    state: 'scoring',
    version: 5,
    nominees: [nominee('a1', '李明'), nominee('a2', '张华')],
    panel,
    auditPages: 0,
    recentAudit: [],
    createdAt: '2027-12-01T00:00:00.000Z',
    updatedAt: '2027-12-01T00:00:00.000Z',
  } satisfies CommendationRound;
});

describe('a panel score', () => {
  it('is stored as an item of its own; the round keeps only the audit entry', async () => {
    const view = await submitPanelScore(member('wang@example.edu.cn'), 'commendation-2027', {
      nomineeId: 'a1',
      score: 88,
    });
    expect(view.scores).toEqual([expect.objectContaining({ memberEmail: 'wang@example.edu.cn', score: 88 })]);
    const round = store.round as CommendationRound;
    expect(Object.keys(round)).not.toContain('scores');
    expect(round.recentAudit.map((entry) => entry.action)).toEqual(['score']);
    expect(store.completions).toEqual([]);
  });

  it('is refused a second time for the same nominee, as a conflict (409)', async () => {
    await submitPanelScore(member('wang@example.edu.cn'), 'commendation-2027', {
      nomineeId: 'a1',
      score: 88,
    });
    await expect(
      submitPanelScore(member('wang@example.edu.cn'), 'commendation-2027', { nomineeId: 'a1', score: 60 }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(store.scores.size).toBe(1);
  });

  it('recorded in the audit before a crash, is stored once by the retry, which completes the last score', async () => {
    for (const [email, nomineeId] of [
      ['wang@example.edu.cn', 'a1'],
      ['wang@example.edu.cn', 'a2'],
      ['chen@example.com', 'a1'],
    ] as const) {
      await submitPanelScore(member(email), 'commendation-2027', { nomineeId, score: 80 });
    }
    store.crashBeforeScore = true;
    await expect(
      submitPanelScore(member('chen@example.com'), 'commendation-2027', { nomineeId: 'a2', score: 75 }),
    ).rejects.toThrow('The process died');
    expect(store.scores.size).toBe(3);

    store.crashBeforeScore = false;
    await submitPanelScore(member('chen@example.com'), 'commendation-2027', { nomineeId: 'a2', score: 75 });
    const round = store.round as CommendationRound;
    expect(round.recentAudit.filter((entry) => entry.action === 'score')).toHaveLength(4);
    expect(store.scores.size).toBe(4);
    expect(store.completions).toEqual(['collect-panel-scores.commendation-2027']);
  });
});
