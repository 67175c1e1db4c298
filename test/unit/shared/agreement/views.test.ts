import { describe, expect, it } from 'vitest';
import type { Agreement } from '#shared/agreement/model.ts';
import { agreementPartyView } from '#shared/agreement/views.ts';
import type { Assessment } from '#shared/assessment/model.ts';
import { assessmentPartyView } from '#shared/assessment/views.ts';
import type { Caller } from '#shared/identity.ts';
import type { Report } from '#shared/report/model.ts';
import { reportPartyView } from '#shared/report/views.ts';
import { outcomeCounts } from '#test/support/apiClient.ts';

const officer = { sub: 'admin-1', email: 'officer@bureau.gov.cn', role: 'admin' as const };
const signer = { sub: 'c-1', email: 'wang@zjut.edu.cn', role: 'commissioner' as const };
const enterpriseUser = { sub: 'e-1', email: 'boss@acme.cn', role: 'enterprise' as const };
const parties = {
  commissioner: { sub: 'c-1', name: '王工', email: 'wang@zjut.edu.cn' },
  institution: { name: '浙江工业大学', email: 'office@zjut.edu.cn' },
  enterprise: { name: '某机械公司', email: 'contact@acme.cn' },
};
const commissioner: Caller = { sub: 'c-1', email: 'wang@zjut.edu.cn', roles: ['commissioner'] };
const enterprise: Caller = {
  sub: 'e-1',
  email: 'boss@acme.cn',
  roles: ['enterprise'],
  organization: '某机械公司',
};
const trail = {
  auditPages: 2,
  recentAudit: [
    {
      at: 't9',
      actor: officer,
      action: 'terminate',
      from: 'active',
      to: 'terminated',
      reason: '考核不称职',
      eventId: 'x',
    },
  ],
} as const;

/** Every email in `value`'s JSON, sorted and once each. */
const emailsIn = (value: unknown) =>
  [...new Set(JSON.stringify(value).match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [])].sort();

describe('agreementPartyView', () => {
  const agreement: Agreement = {
    id: 'a1',
    dispatchId: 'a1',
    demandId: 'd1',
    state: 'terminated',
    version: 9,
    parties,
    terms: { termStart: '2027-01-01', termEnd: '2027-12-31', goals: outcomeCounts(), cadence: 'quarterly' },
    termsHash: 'h',
    signatures: [
      { party: 'commissioner', by: signer, at: 't1', termsHash: 'h' },
      { party: 'bureau', by: officer, at: 't2', termsHash: 'h' },
    ],
    cadenceChanges: [
      { cadence: 'monthly', fromPeriod: 2, from: '2027-04-01', reason: '按月跟进', by: officer, at: 't3' },
    ],
    ...trail,
    createdAt: 't0',
    updatedAt: 't9',
  };

  it('keeps the parties’ contacts and the reason it ended; shows other signers by role, and no trail', () => {
    const shown = agreementPartyView(agreement, enterprise);
    expect(shown.parties).toEqual(parties);
    expect(shown.enteredState).toEqual({ action: 'terminate', at: 't9', reason: '考核不称职' });
    expect(shown.signatures.map((signature) => signature.by)).toEqual([
      { role: 'commissioner' },
      { role: 'admin' },
    ]);
    expect(shown.cadenceChanges?.[0]?.by).toEqual({ role: 'admin' });
    expect(shown).not.toHaveProperty('recentAudit');
    expect(emailsIn(shown)).toEqual(['contact@acme.cn', 'office@zjut.edu.cn', 'wang@zjut.edu.cn']);
  });

  it('shows a signer their own signature in full', () => {
    expect(agreementPartyView(agreement, commissioner).signatures[0]?.by).toEqual(signer);
  });
});

describe('reportPartyView', () => {
  const report = {
    id: 'a1.period-1',
    agreementId: 'a1',
    index: 1,
    start: '2027-01-01',
    end: '2027-03-31',
    due: '2027-04-10',
    state: 'revising',
    version: 5,
    commissioner: parties.commissioner,
    institution: parties.institution,
    enterprise: parties.enterprise,
    overdueAfterDays: 14,
    overdueAt: 't',
    versions: [{ number: 1, versionId: 'v1', counts: outcomeCounts(), submittedAt: 't1', by: signer }],
    auditPages: 0,
    recentAudit: [
      {
        at: 't2',
        actor: enterpriseUser,
        action: 'dispute',
        from: 'awaiting_confirmation',
        to: 'revising',
        reason: '数量不符',
        eventId: 'y',
      },
    ],
    createdAt: 't0',
    updatedAt: 't2',
  } as unknown as Report;

  it('tells the parties it was disputed and why, without who disputed it', () => {
    const shown = reportPartyView(report, report.versions, commissioner);
    expect(shown.enteredState).toEqual({ action: 'dispute', at: 't2', reason: '数量不符' });
    expect(shown.versions[0]?.by).toEqual(signer);
    expect(emailsIn(shown)).not.toContain('boss@acme.cn');
    expect(reportPartyView(report, report.versions, enterprise).versions[0]?.by).toEqual({
      role: 'commissioner',
    });
  });
});

describe('assessmentPartyView', () => {
  it('shows the rating and grade without who rated or graded, but for the rater themselves', () => {
    const assessment = {
      id: '2027.a1',
      year: '2027',
      agreementId: 'a1',
      state: 'graded',
      version: 6,
      commissioner: parties.commissioner,
      institution: parties.institution,
      enterprise: parties.enterprise,
      rating: { score: 5, comment: '很好', by: enterpriseUser, at: 't1' },
      grade: { grade: 'excellent' as const, by: officer, at: 't2' },
      ...trail,
      createdAt: 't0',
      updatedAt: 't2',
    } as unknown as Assessment;
    const shown = assessmentPartyView(assessment, commissioner);
    expect(shown.rating?.by).toEqual({ role: 'enterprise' });
    expect(shown.grade?.by).toEqual({ role: 'admin' });
    expect(shown).not.toHaveProperty('recentAudit');
    expect(emailsIn(shown)).not.toContain('officer@bureau.gov.cn');
    expect(assessmentPartyView(assessment, enterprise).rating?.by).toEqual(enterpriseUser);
  });
});
