import { describe, expect, it, vi } from 'vitest';
import { type TaskSubjectType, taskSubjectTypes } from '#shared/tasks/model.ts';
import {
  type DescribeTaskSubject,
  TaskSubjectTable,
  type TaskSubjectView,
} from '#shared/tasks/taskSubjects.ts';

const viewOf = (title: string): TaskSubjectView => ({
  title,
  assignee: { role: 'admin' },
  consolePath: `reports/${title}`,
  emailParams: {},
});

/** The module whose function runs each stage's workflow steps, which open and nudge its tasks. */
const workflowModules: Record<TaskSubjectType, string> = {
  application: '#shared/application/applicationWorkflow.ts',
  demand: '#shared/demand/demandWorkflow.ts',
  dispatch: '#shared/dispatch/dispatchWorkflow.ts',
  agreement: '#shared/agreement/agreementWorkflow.ts',
  report: '#shared/report/reportWorkflow.ts',
  assessment: '#shared/assessment/assessmentWorkflow.ts',
  commendation: '#shared/commendation/commendationWorkflow.ts',
};

describe('the task subject table', () => {
  it("asks the stage of the task's kind to describe its subject", async () => {
    // Arrange
    const table = new TaskSubjectTable();
    const report = vi.fn<DescribeTaskSubject>(async (_kind, id) => viewOf(id));
    const application = vi.fn<DescribeTaskSubject>(async (_kind, id) => viewOf(`application ${id}`));
    table.provide('report', report);
    table.provide('application', application);

    // Act
    const view = await table.describe('confirm-report', 'report-7');

    // Assert
    expect(view.title).toBe('report-7');
    expect(report).toHaveBeenCalledWith('confirm-report', 'report-7');
    expect(application).not.toHaveBeenCalled();
  });

  it('refuses a task whose stage this function did not load, naming the module to import', async () => {
    // Arrange
    const table = new TaskSubjectTable();
    table.provide('application', async () => viewOf('application'));

    // Act
    const describing = table.describe('sign-agreement-enterprise', 'agreement-1');

    // Assert
    await expect(describing).rejects.toThrow(
      'No stage describes agreement tasks in this function: import shared/agreement/agreementTasks.ts',
    );
  });

  it('takes a stage providing its row again, but not a second stage describing the same subjects', () => {
    // Arrange
    const table = new TaskSubjectTable();
    const describeDemand: DescribeTaskSubject = async () => viewOf('demand');
    table.provide('demand', describeDemand);

    // Act
    table.provide('demand', describeDemand);

    // Assert
    expect(table.provided()).toEqual(['demand']);
    expect(() => table.provide('demand', async () => viewOf('another'))).toThrow(
      'Two stages describe demand tasks',
    );
  });

  it.each(taskSubjectTypes)(
    "provides %s subjects once that stage's workflow steps are loaded",
    async (type) => {
      // Arrange: a fresh module graph, as in the stage's own function
      vi.resetModules();

      // Act
      await import(workflowModules[type]);
      const { taskSubjects } = await import('#shared/tasks/taskSubjects.ts');

      // Assert
      expect(taskSubjects.provided()).toContain(type);
    },
  );
});
