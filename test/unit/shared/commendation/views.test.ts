import { describe, expect, it } from 'vitest';
import type { CommendationRound } from '#shared/commendation/model.ts';
import { roundForPanel, roundPanelView } from '#shared/commendation/views.ts';

const admin = { sub: 'admin-1', email: 'officer@bureau.gov.cn', role: 'admin' as const };
const member = { email: 'a@example.org', organization: '浙江工业大学' };
const round: CommendationRound = {
  id: 'commendation-2026',
  year: '2026',
  limit: 5,
  nominees: [
    {
      id: '2026.x',
      name: '王工',
      email: 'wang@zjut.edu.cn',
      institution: '浙江工业大学',
      institutionEmail: 'office@zjut.edu.cn',
      enterprise: '某机械公司',
      assessmentScore: 88,
    },
    {
      id: '2026.y',
      name: '李工',
      email: 'li@zju.edu.cn',
      institution: '浙江大学',
      institutionEmail: 'office@zju.edu.cn',
      enterprise: '某电子公司',
      assessmentScore: 91,
    },
  ],
  panel: [member, { email: 'b@example.org', organization: '某协会' }],
  state: 'scoring',
  version: 4,
  auditPages: 0,
  recentAudit: [{ at: 't1', actor: admin, action: 'open', from: null, to: 'nominating', eventId: 'o' }],
  approvedBy: admin,
  createdAt: 't1',
  updatedAt: 't2',
};
const scores = [
  { memberEmail: 'a@example.org', nomineeId: '2026.y', score: 90, at: 't3' },
  { memberEmail: 'b@example.org', nomineeId: '2026.y', score: 70, at: 't4' },
];

describe('a round as a panel member reads it', () => {
  it('names the nominees without their emails and shows the member only themselves and their own scores', () => {
    const shown = roundPanelView(round, member, scores);
    expect(shown.nominees.map((nominee) => Object.keys(nominee).sort())).toEqual([
      ['assessmentScore', 'enterprise', 'id', 'institution', 'name'],
      ['assessmentScore', 'enterprise', 'id', 'institution', 'name'],
    ]);
    expect(shown.panel).toEqual([member]);
    expect(shown.scores).toEqual([scores[0]]);
    expect(shown.excluded).toEqual([{ nomineeId: '2026.x', conflict: 'own-institution' }]);
    expect(shown).not.toHaveProperty('recentAudit');
    expect(shown).not.toHaveProperty('approvedBy');
    expect(JSON.stringify(shown).match(/[\w.-]+@[\w.-]+/g)).toEqual(['a@example.org', 'a@example.org']);
  });

  it('lists the round the same way, without scores', () => {
    const listed = roundForPanel(round, member);
    expect(listed).not.toHaveProperty('scores');
    expect(JSON.stringify(listed)).not.toContain('b@example.org');
  });
});
