import { createHash } from 'node:crypto';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from '#shared/aws/clients.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { NotFoundError } from '#shared/errors.ts';
import { applyStep, type StepInput, type StepRules, systemActor } from '#shared/records/stagedRecord.ts';
import type { Report } from '#shared/report/model.ts';
import { submissionWaitSeconds } from '#shared/report/reminders.ts';
import { reportTable } from '#shared/report/reportTable.ts';
import { reportTaskView } from '#shared/report/reportTasks.ts';
import { reportSubmissionSchema } from '#shared/report/schema.ts';
import {
  type ReportAction,
  type ReportActor,
  type ReportState,
  reportTransitions,
} from '#shared/report/states.ts';
import type { PeriodOpening } from '#shared/scheduling/periodSchedules.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { markTaskNudged } from '#shared/tasks/taskService.ts';
import { parseInput } from '#shared/validation.ts';

const reportStepRules: StepRules<ReportState, ReportAction, ReportActor> = {
  transitions: reportTransitions,
  noun: 'a report',
  actorKind: (actor) =>
    actor.role === 'admin' || actor.role === 'commissioner' || actor.role === 'enterprise'
      ? actor.role
      : 'system',
};

async function loadReport(id: string): Promise<Report> {
  const report = await reportTable.get(id);
  if (!report) throw new NotFoundError(`No report ${id}`);
  return report;
}

/** One execution per period: its name comes from the period, so a schedule firing twice starts it once. */
export function reportExecutionName(reportId: string): string {
  return `report-${createHash('sha256').update(reportId).digest('hex').slice(0, 40)}`;
}

/**
 * The period's schedule fired: start its report-review workflow, unless the period was
 * withdrawn or moved by a cadence change since the schedule was made.
 */
export async function startReportReview(opening: PeriodOpening): Promise<{ started: boolean }> {
  const report = await reportTable.get(opening.reportId);
  if (!report || report.start !== opening.start) return { started: false };
  try {
    await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv('REPORT_WORKFLOW_ARN'),
        name: reportExecutionName(report.id),
        input: JSON.stringify({ reportId: report.id }),
      }),
    );
    return { started: true };
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return { started: false };
    throw error;
  }
}

export interface RecordReportStepInput extends StepInput<ReportAction> {
  readonly reportId: string;
}

/** Applies one transition; a submission is kept as a new version, numbered on from the last. */
export async function recordReportStep(input: RecordReportStepInput): Promise<{ state: ReportState }> {
  const report = await loadReport(input.reportId);
  let next = applyStep(report, input, reportStepRules);
  if (!next) return { state: report.state };
  if (input.action === 'submit') {
    const submission = parseInput(reportSubmissionSchema, input.outcome?.payload);
    const entry = next.audit[next.audit.length - 1];
    next = {
      ...next,
      versions: [
        ...next.versions,
        {
          number: next.versions.length + 1,
          ...submission,
          submittedAt: next.updatedAt,
          by: entry?.actor ?? systemActor,
        },
      ],
    };
  }
  await reportTable.replace(next);
  return { state: next.state };
}

/** How long the workflow waits for the commissioner: until the report falls overdue, or a revision's window. */
export async function reportWaitSeconds(input: { reportId: string }): Promise<{ seconds: number }> {
  const report = await loadReport(input.reportId);
  return { seconds: submissionWaitSeconds(report, now(), report.state === 'revising') };
}

export type ReportNotice = 'report-overdue' | 'report-unreported' | 'report-accepted' | 'report-waived';

/** Who hears of each outcome of a period. */
const recipients: Record<ReportNotice, (report: Report) => string[]> = {
  'report-overdue': (report) => [requireEnv('BUREAU_EMAIL'), report.institution.email],
  'report-unreported': (report) => [
    requireEnv('BUREAU_EMAIL'),
    report.institution.email,
    report.commissioner.email,
  ],
  'report-accepted': (report) => [report.commissioner.email],
  'report-waived': (report) => [report.commissioner.email],
};

/**
 * Tells the people concerned of an outcome, once. An overdue report is also marked
 * escalated on the commissioner's task, so the bureau's task list shows it.
 */
export async function notifyReport(input: {
  reportId: string;
  template: ReportNotice;
  eventId: string;
}): Promise<{ sent: boolean }> {
  const report = await loadReport(input.reportId);
  if (input.template === 'report-overdue') {
    await markTaskNudged(taskIdFor('submit-report', report.id), 'escalation', input.eventId);
  }
  const subject = reportTaskView('submit-report', report);
  const to = recipients[input.template](report);
  const result = await sendEmailOnce({
    dedupeKey: `${report.id}:${input.template}:${input.eventId}`,
    to,
    template: input.template,
    params: { ...subject.emailParams, link: consoleLink(subject.consolePath), deadline: '' },
  });
  return { sent: result === 'sent' };
}
