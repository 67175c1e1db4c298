import { stateLabel } from '#shared/email/catalogue.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { lastReason } from '#shared/records/stagedRecord.ts';
import type { Report } from '#shared/report/model.ts';
import { reportTable } from '#shared/report/reportTable.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/** The commissioner submits, the enterprise confirms, the bureau reviews, waives and retries. */
export async function describeReportTask(kind: TaskKind, reportId: string): Promise<TaskSubjectView> {
  const report = await reportTable.get(reportId);
  if (!report) throw noSuchRecord('report', reportId);
  return reportTaskView(kind, report);
}

/** The same, for a record already read. */
export function reportTaskView(kind: TaskKind, report: Report): TaskSubjectView {
  const { commissioner, institution, enterprise } = report;
  const assignees: Partial<Record<TaskKind, Assignee>> = {
    'submit-report': { role: 'commissioner', sub: commissioner.sub, email: commissioner.email },
    'confirm-report': { role: 'enterprise', organization: enterprise.name, email: enterprise.email },
  };
  const title = `${commissioner.name} · ${enterprise.name}`;
  return {
    title: `${title} #${report.index}`,
    assignee: assignees[kind] ?? { role: 'admin' },
    consolePath: `reports/${encodeURIComponent(report.id)}`,
    emailParams: {
      title,
      period: String(report.index),
      start: report.start,
      end: report.end,
      due: report.due,
      overdueDays: String(report.overdueAfterDays),
      commissioner: commissioner.name,
      institution: institution.name,
      enterprise: enterprise.name,
      reason: lastReason(report),
      step: stateLabel(report.failure?.state),
      error: report.failure?.error ?? '',
    },
  };
}

taskSubjects.provide('report', describeReportTask);
