import { describe, expect, it } from 'vitest';
import type { Dispatch, Objection } from '#shared/dispatch/model.ts';
import { bureauView, dispatchReaderOf, partyView, publicNoticeView } from '#shared/dispatch/views.ts';
import type { Caller } from '#shared/identity.ts';

const admin = { sub: 'admin-1', email: 'officer@bureau.gov.cn', role: 'admin' as const };
const commissionerActor = { sub: 'c-1', email: 'wang@zjut.edu.cn', role: 'commissioner' as const };
const enterpriseActor = { sub: 'e-1', email: 'contact@acme.cn', role: 'enterprise' as const };

const dispatch: Dispatch = {
  id: 'demand-1.c-1',
  demandId: 'demand-1',
  state: 'in_notice',
  version: 7,
  commissioner: {
    id: 'c-1',
    name: '王工',
    email: 'wang@zjut.edu.cn',
    institution: '浙江工业大学',
    researchOfficeEmail: 'office@zjut.edu.cn',
  },
  enterprise: {
    name: '杭州某某机械有限公司',
    creditCode: '91330100MA27XXXXXX',
    location: '余杭区',
    problem: '数控机床精度下降',
    contactEmail: 'contact@acme.cn',
  },
  proposedBy: admin,
  acceptances: {
    commissioner: { decision: 'accept', by: commissionerActor, at: '2026-12-01T01:00:00.000Z' },
    enterprise: { decision: 'accept', by: enterpriseActor, at: '2026-12-01T02:00:00.000Z' },
  },
  notice: { opensAt: '2026-12-01T03:00:00.000Z', closesAt: '2026-12-08T03:00:00.000Z' },
  standingObjections: 2,
  auditPages: 0,
  recentAudit: [
    {
      at: '2026-12-01T00:00:00.000Z',
      actor: admin,
      action: 'propose',
      from: null,
      to: 'awaiting_acceptance',
      eventId: 'p',
    },
  ],
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T03:00:00.000Z',
};

const stranger: Caller = { sub: 's-1', email: 'someone@example.com', roles: [] };
const commissioner: Caller = { sub: 'c-1', email: 'wang@zjut.edu.cn', roles: ['commissioner'] };
const enterprise: Caller = {
  sub: 'e-1',
  email: 'contact@acme.cn',
  roles: ['enterprise'],
  organization: ' 杭州某某机械有限公司 ',
};
const bureau: Caller = { sub: 'admin-1', email: 'officer@bureau.gov.cn', roles: ['admin'] };

const own: Objection = {
  id: 'objection#demand-1.c-1#s-1',
  by: { sub: 's-1', email: 'someone@example.com' },
  at: '2026-12-02T00:00:00.000Z',
  reason: '该专家已服务三家企业，精力不足。',
};

const emails = /[^\s"@]+@[^\s"@]+/;

describe('dispatchReaderOf', () => {
  it('reads the bureau, each party and the public apart, and refuses strangers outside the notice', () => {
    expect(dispatchReaderOf(bureau, dispatch)).toBe('bureau');
    expect(dispatchReaderOf(commissioner, dispatch)).toBe('commissioner');
    expect(dispatchReaderOf(enterprise, dispatch)).toBe('enterprise');
    expect(dispatchReaderOf(stranger, dispatch)).toBe('public');
    expect(dispatchReaderOf(stranger, { ...dispatch, state: 'under_objection' })).toBe('public');
    expect(dispatchReaderOf(stranger, { ...dispatch, state: 'dispatched' })).toBeUndefined();
    // A commissioner who is not this dispatch's is a stranger to it.
    expect(
      dispatchReaderOf({ ...commissioner, sub: 'c-2' }, { ...dispatch, state: 'dispatched' }),
    ).toBeUndefined();
  });
});

describe('publicNoticeView', () => {
  it('shows what a notice board would, with the reader’s own objection and no email of anyone else', () => {
    const shown = publicNoticeView(dispatch, stranger, own);
    expect(shown).toEqual({
      id: dispatch.id,
      state: 'in_notice',
      commissioner: { name: '王工', institution: '浙江工业大学' },
      enterprise: { name: '杭州某某机械有限公司', location: '余杭区' },
      notice: dispatch.notice,
      howToObject: {
        method: 'POST',
        path: '/dispatches/demand-1.c-1/objections',
        until: '2026-12-08T03:00:00.000Z',
      },
      objections: [own],
    });
    expect(JSON.stringify(publicNoticeView(dispatch, stranger, undefined))).not.toMatch(emails);
  });

  it('offers no way to object once the notice has closed, and hides who ruled', () => {
    const ruling = { decision: 'dismiss' as const, by: admin, at: '2026-12-09T00:00:00.000Z' };
    const shown = publicNoticeView({ ...dispatch, state: 'under_objection', ruling }, stranger, {
      ...own,
      ruling,
    });
    expect(shown).not.toHaveProperty('howToObject');
    expect(shown.objections[0]?.ruling).toEqual({
      decision: 'dismiss',
      by: { role: 'admin' },
      at: ruling.at,
    });
  });
});

describe('partyView', () => {
  it('gives the commissioner their own contacts and the enterprise’s name, not its email', () => {
    const shown = partyView(dispatch, 'commissioner', commissioner, undefined);
    expect(shown.commissioner).toEqual(dispatch.commissioner);
    expect(shown.enterprise).toEqual({
      name: '杭州某某机械有限公司',
      creditCode: '91330100MA27XXXXXX',
      location: '余杭区',
      problem: '数控机床精度下降',
    });
    expect(shown.acceptances.commissioner?.by).toEqual(commissionerActor);
    expect(shown.acceptances.enterprise?.by).toEqual({ role: 'enterprise' });
    expect(shown).not.toHaveProperty('recentAudit');
    expect(shown).not.toHaveProperty('audit');
    expect(shown).not.toHaveProperty('proposedBy');
    expect(shown.objections).toEqual([]);
    expect(JSON.stringify(shown).match(new RegExp(emails, 'g'))?.sort()).toEqual([
      'office@zjut.edu.cn',
      'wang@zjut.edu.cn',
      'wang@zjut.edu.cn',
    ]);
  });

  it('gives the enterprise its own contact and the commissioner’s name and institution only', () => {
    const shown = partyView(dispatch, 'enterprise', enterprise, own);
    expect(shown.commissioner).toEqual({ name: '王工', institution: '浙江工业大学' });
    expect(shown.enterprise).toEqual(dispatch.enterprise);
    expect(shown.acceptances.commissioner?.by).toEqual({ role: 'commissioner' });
    expect(shown.objections).toEqual([own]);
    expect(JSON.stringify({ ...shown, objections: [] })).not.toContain('zjut');
  });
});

describe('bureauView', () => {
  it('keeps everything: every objection with its objector, and the trail', () => {
    const { recentAudit, auditPages: _pages, ...rest } = dispatch;
    expect(bureauView({ ...rest, audit: recentAudit }, [own])).toEqual({
      ...rest,
      audit: recentAudit,
      objections: [own],
    });
  });
});
