import { describe, expect, it } from 'vitest';
import type { Application } from '#shared/application/model.ts';
import type { ApplicationForm } from '#shared/application/schema.ts';
import { applicationPartyView, applicationReaderOf } from '#shared/application/views.ts';
import type { Caller } from '#shared/identity.ts';
import { applicationForm } from '#test/support/apiClient.ts';

const form = applicationForm() as ApplicationForm;
const officer = { sub: 'admin-1', email: 'officer@bureau.gov.cn', role: 'admin' as const };
const application: Application = {
  id: 'a1',
  state: 'returned',
  revision: 1,
  version: 4,
  applicant: { sub: 'c-1', email: 'li.wei@example.edu.cn' },
  form,
  revisions: [{ revision: 1, submittedAt: 't1', revisionId: 'a1.revision-1' }],
  auditPages: 0,
  recentAudit: [
    {
      at: 't1',
      actor: { sub: 'c-1', email: 'li.wei@example.edu.cn', role: 'commissioner' },
      action: 'submit',
      from: null,
      to: 'awaiting_endorsement',
      eventId: 'e1',
    },
    {
      at: 't3',
      actor: officer,
      action: 'return',
      from: 'under_review',
      to: 'returned',
      reason: '请补充成果',
      eventId: 'e3',
    },
  ],
  createdAt: 't1',
  updatedAt: 't3',
};
const revisions = [{ revision: 1, submittedAt: 't1', form }];

const applicant: Caller = { sub: 'c-1', email: 'li.wei@example.edu.cn', roles: ['commissioner'] };
const office: Caller = {
  sub: 'o-1',
  email: 'kjc@example.edu.cn',
  roles: ['institution'],
  organization: '浙江工业大学',
};

describe('application views', () => {
  it('reads the bureau, the applicant and their research office apart, and nobody else', () => {
    expect(applicationReaderOf({ ...applicant, roles: ['admin'] }, application)).toBe('bureau');
    expect(applicationReaderOf(applicant, application)).toBe('applicant');
    expect(applicationReaderOf(office, application)).toBe('institution');
    expect(applicationReaderOf({ ...office, organization: '别的大学' }, application)).toBeUndefined();
    expect(applicationReaderOf({ ...applicant, sub: 'c-2' }, application)).toBeUndefined();
  });

  it('gives the applicant the reason it was returned but not the trail or the officer’s email', () => {
    const shown = applicationPartyView(application, revisions, 'applicant');
    expect(shown).toMatchObject({
      state: 'returned',
      enteredState: { action: 'return', at: 't3', reason: '请补充成果' },
      applicant: application.applicant,
    });
    expect(shown).not.toHaveProperty('audit');
    expect(shown).not.toHaveProperty('recentAudit');
    expect(JSON.stringify(shown)).not.toContain('officer@bureau.gov.cn');
    expect(shown.revisions).toEqual(revisions);
  });

  it('gives the research office its staff member’s email but not their user id', () => {
    expect(applicationPartyView(application, revisions, 'institution').applicant).toEqual({
      email: 'li.wei@example.edu.cn',
    });
  });
});
