import { describe, expect, it } from 'vitest';
import type { Demand } from '#shared/demand/model.ts';
import type { DemandForm } from '#shared/demand/schema.ts';
import { demandPartyView, demandReaderOf } from '#shared/demand/views.ts';
import type { Caller } from '#shared/identity.ts';
import { demandForm } from '#test/support/apiClient.ts';

const form = demandForm('杭州某某机械有限公司') as DemandForm;
const poster = { sub: 'e-1', email: 'boss@acme.cn', organization: '杭州某某机械有限公司' };
const demand: Demand = {
  id: 'd1',
  state: 'returned',
  revision: 1,
  version: 3,
  poster,
  form,
  revisions: [{ revision: 1, submittedAt: 't1', revisionId: 'd1.revision-1' }],
  auditPages: 0,
  recentAudit: [
    {
      at: 't1',
      actor: { ...poster, role: 'enterprise' },
      action: 'post',
      from: null,
      to: 'awaiting_verification',
      eventId: 'e1',
    },
    {
      at: 't2',
      actor: { sub: 'admin-1', email: 'officer@bureau.gov.cn', role: 'admin' },
      action: 'return',
      from: 'awaiting_verification',
      to: 'returned',
      reason: '请写明设备型号',
      eventId: 'e2',
    },
  ],
  createdAt: 't1',
  updatedAt: 't2',
};
const revisions = [{ revision: 1, submittedAt: 't1', form }];
const posterCaller: Caller = {
  sub: 'e-1',
  email: 'boss@acme.cn',
  roles: ['enterprise'],
  organization: '杭州某某机械有限公司',
};
const colleague: Caller = { ...posterCaller, sub: 'e-2', email: 'colleague@acme.cn' };

describe('demand views', () => {
  it('reads the bureau and the posting enterprise apart, and nobody else', () => {
    expect(demandReaderOf({ ...posterCaller, roles: ['admin'] }, demand)).toBe('bureau');
    expect(demandReaderOf(colleague, demand)).toBe('enterprise');
    expect(demandReaderOf({ ...colleague, organization: '别的企业' }, demand)).toBeUndefined();
  });

  it('gives the enterprise the reason it was returned, without the trail', () => {
    const shown = demandPartyView(demand, revisions, posterCaller);
    expect(shown).toMatchObject({
      enteredState: { action: 'return', at: 't2', reason: '请写明设备型号' },
      poster,
      revisions,
    });
    expect(shown).not.toHaveProperty('recentAudit');
    expect(JSON.stringify(shown)).not.toContain('officer@bureau.gov.cn');
  });

  it('shows a colleague the enterprise, not who posted it', () => {
    const shown = demandPartyView(demand, revisions, colleague);
    expect(shown.poster).toEqual({ organization: '杭州某某机械有限公司' });
    expect(JSON.stringify(shown)).not.toContain('boss@acme.cn');
  });
});
