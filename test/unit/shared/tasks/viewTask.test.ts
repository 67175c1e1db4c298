import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/identity.ts';
import type { TaskRecord } from '#shared/tasks/model.ts';
import { viewTask } from '#shared/tasks/taskService.ts';

const task: TaskRecord = {
  id: 'collect-panel-scores.commendation-2026',
  kind: 'collect-panel-scores',
  subject: { type: 'commendation', id: 'commendation-2026', title: '2026 年度表彰' },
  assignee: { role: 'panel', members: ['a@example.org', 'b@example.org'] },
  status: 'completed',
  openedAt: '2026-12-01T00:00:00.000Z',
  deadline: '2026-12-15T00:00:00.000Z',
  token: 'secret-token',
  round: 1,
  reminders: 0,
  escalated: false,
  completion: {
    id: 'c1',
    decision: 'submit',
    by: { sub: 'm-2', email: 'b@example.org', role: 'panel' },
    at: '2026-12-02T00:00:00.000Z',
  },
  version: 3,
};
const member: Caller = { sub: 'm-1', email: 'a@example.org', roles: ['panel'] };
const bureau: Caller = { sub: 'admin-1', email: 'officer@bureau.gov.cn', roles: ['admin'] };

describe('viewTask', () => {
  it('shows an assignee the role it waits for, not the other members’ emails nor who completed it', () => {
    const shown = viewTask(member, task);
    expect(shown.assignee).toEqual({ role: 'panel' });
    expect(shown.completion?.by).toEqual({ role: 'panel' });
    expect(JSON.stringify(shown)).not.toMatch(/@|secret-token/);
  });

  it('shows the named assignee themselves', () => {
    const own = { ...task, assignee: { role: 'commissioner' as const, sub: 'm-1', email: 'a@example.org' } };
    expect(viewTask(member, own).assignee).toEqual(own.assignee);
    expect(viewTask({ ...member, sub: 'm-9' }, own).assignee).toEqual({ role: 'commissioner' });
  });

  it('shows the bureau everything but the token', () => {
    const shown = viewTask(bureau, task);
    expect(shown.assignee).toEqual(task.assignee);
    expect(shown.completion).toEqual(task.completion);
    expect(JSON.stringify(shown)).not.toContain('secret-token');
  });
});
