import { describe, expect, it } from 'vitest';
import { applicationTaskAssignee } from '#shared/application/applicationTasks.ts';
import type { Application } from '#shared/application/model.ts';
import { taskIdFor, taskKindRules } from '#shared/tasks/kinds.ts';
import { listDecisions, taskKinds } from '#shared/tasks/model.ts';

const application: Application = {
  id: 'app-1',
  state: 'awaiting_endorsement',
  revision: 1,
  version: 1,
  applicant: { sub: 'applicant-sub', email: 'li.wei@example.edu.cn' },
  form: {
    name: 'Li Wei',
    email: 'li.wei@example.edu.cn',
    phone: '13812345678',
    homeInstitution: 'Zhejiang University of Technology',
    researchOfficeEmail: 'research-office@example.edu.cn',
    title: 'professor',
    technicalFields: ['laser welding'],
    industries: ['advancedManufacturing'],
    statement: 'Twenty years of work on welding processes with local manufacturers.',
    serviceAreas: [],
  },
  revisions: [],
  auditPages: 0,
  recentAudit: [],
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
};

describe('application task assignees and task kind rules', () => {
  it('assigns an endorsement to the research office of the home institution', () => {
    expect(applicationTaskAssignee('endorse-application', application)).toEqual({
      role: 'institution',
      organization: 'Zhejiang University of Technology',
      email: 'research-office@example.edu.cn',
    });
  });

  it('assigns a review to the bureau', () => {
    expect(applicationTaskAssignee('review-application', application)).toEqual({ role: 'admin' });
  });

  it('assigns a resubmission to the applicant personally, as a commissioner', () => {
    expect(applicationTaskAssignee('resubmit-application', application)).toEqual({
      role: 'commissioner',
      sub: 'applicant-sub',
      email: 'li.wei@example.edu.cn',
    });
  });

  it('assigns a retry of a failed step to the bureau', () => {
    expect(applicationTaskAssignee('retry-application', application)).toEqual({ role: 'admin' });
  });

  it('offers endorse or decline for an endorsement, and requires a reason to decline', () => {
    const rules = taskKindRules['endorse-application'];
    expect(rules.decisions).toEqual(['endorse', 'decline']);
    expect(rules.reasonRequired).toEqual(['decline']);
  });

  it('offers approve, reject or return for a review, and requires a reason to reject or return', () => {
    const rules = taskKindRules['review-application'];
    expect(rules.decisions).toEqual(['approve', 'reject', 'return']);
    expect([...rules.reasonRequired].sort()).toEqual(['reject', 'return']);
  });

  it('offers no list decision for a resubmission: it is completed by resubmitting the form', () => {
    const rules = taskKindRules['resubmit-application'];
    expect(rules.decisions).toEqual([]);
    expect(rules.formDecision).toBe('resubmit');
    expect(rules.reasonRequired).toEqual([]);
  });

  it('offers only retry for a failed step, with no reason required', () => {
    const rules = taskKindRules['retry-application'];
    expect(rules.decisions).toEqual(['retry']);
    expect(rules.reasonRequired).toEqual([]);
  });

  it.each(taskKinds)('for %s requires reasons only for decisions it offers', (kind) => {
    const rules = taskKindRules[kind];
    for (const decision of rules.reasonRequired) {
      expect(rules.decisions).toContain(decision);
    }
  });

  it('offers every list decision in some kind of task, and nothing else', () => {
    const offered = new Set(taskKinds.flatMap((kind) => taskKindRules[kind].decisions));
    expect([...offered].sort()).toEqual([...listDecisions].sort());
  });
});

describe('taskIdFor', () => {
  it('names one task per kind and subject', () => {
    expect(taskIdFor('review-application', 'app-1')).toBe('review-application.app-1');
    expect(taskIdFor('review-application', 'app-1')).not.toBe(taskIdFor('endorse-application', 'app-1'));
  });
});
