import { createHash } from 'node:crypto';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from '#shared/aws/stepFunctions.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { NotFoundError, noSuchRecord } from '#shared/errors.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { recordStep } from '#shared/records/recordStep.ts';
import type { StepInput, StepRules } from '#shared/records/stagedRecord.ts';
import { mustHandOver, plannedSubmissionWait, type ResumableStep } from '#shared/report/executionLifetime.ts';
import type { Report } from '#shared/report/model.ts';
import { submissionWaitSeconds } from '#shared/report/reminders.ts';
import { reportTable, reportVersionTable } from '#shared/report/reportTable.ts';
import { reportTaskView } from '#shared/report/reportTasks.ts';
import { submittedVersionSchema } from '#shared/report/schema.ts';
import {
  type ReportAction,
  type ReportActor,
  type ReportState,
  reportTransitions,
} from '#shared/report/states.ts';
import type { PeriodOpening } from '#shared/scheduling/periodSchedules.ts';
import { tellPartyOfActOnBehalf } from '#shared/tasks/actingOnBehalf.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { markTaskNudged } from '#shared/tasks/taskService.ts';
import { parseInput } from '#shared/validation.ts';

export const reportStepRules: StepRules<ReportState, ReportAction, ReportActor> = {
  transitions: reportTransitions,
  noun: 'a report',
  actorKind: (actor) =>
    actor.role === 'admin' || actor.role === 'commissioner' || actor.role === 'enterprise'
      ? actor.role
      : 'system',
};

async function loadReport(id: string): Promise<Report> {
  const report = await reportTable.get(id);
  if (!report) throw noSuchRecord('report', id);
  return report;
}

/** One execution per period: its name comes from the period, so a schedule firing twice starts it once. */
export function reportExecutionName(reportId: string): string {
  return `report-${createHash('sha256').update(reportId).digest('hex').slice(0, 40)}`;
}

/** The execution that takes over from `executionName`: the period's name numbered on (`-2`, `-3`...), so a retried handover starts it once. */
export function successorExecutionName(executionName: string): string {
  const [, base, generation] = /^(report-[0-9a-f]{40})(?:-(\d+))?$/.exec(executionName) ?? [];
  if (!base) throw new Error(`${executionName} is not a report period's execution`);
  return `${base}-${Number(generation ?? 1) + 1}`;
}

/** Starts an execution of the report workflow; false when one of that name exists already. */
async function startExecution(
  stateMachineArn: string,
  name: string,
  input: { reportId: string; resume?: ResumableStep },
): Promise<boolean> {
  try {
    await stepFunctions().send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
    );
    return true;
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return false;
    throw error;
  }
}

/**
 * The period's schedule fired: start its report-review workflow, unless the period was
 * withdrawn or moved by a cadence change since the schedule was made, or waived.
 */
export async function startReportReview(opening: PeriodOpening): Promise<{ started: boolean }> {
  const report = await reportTable.get(opening.reportId);
  // Withdrawn, moved, or waived before it opened: nothing to open. A period opened already is
  // left to its execution (a schedule firing twice starts nothing twice).
  if (!report || report.start !== opening.start || report.state === 'waived') return { started: false };
  const started = await startExecution(requireEnv('REPORT_WORKFLOW_ARN'), reportExecutionName(report.id), {
    reportId: report.id,
  });
  return { started };
}

/**
 * This execution nears its year: a successor of the same period takes over at `resume`,
 * carrying only the report's id (the report item holds everything else). The state machine
 * is this execution's own, from the context object, so the function needs no setting.
 */
export async function handOverReportReview(input: {
  reportId: string;
  resume: ResumableStep;
  stateMachineArn: string;
  executionName: string;
}): Promise<{ successor: string }> {
  const successor = successorExecutionName(input.executionName);
  await startExecution(input.stateMachineArn, successor, { reportId: input.reportId, resume: input.resume });
  return { successor };
}

export interface RecordReportStepInput extends StepInput<ReportAction> {
  readonly reportId: string;
}

/**
 * Applies one transition; a submission adds its version (already stored in its own item,
 * named by the task's output) to the report's list, numbered on from the last; the
 * enterprise's confirmation or dispute is kept with the version it answers (and, when the
 * bureau recorded it on the enterprise's behalf, the enterprise is told by email).
 */
export const recordReportStep = recordStep<Report, RecordReportStepInput>({
  table: reportTable,
  rules: reportStepRules,
  id: (input) => input.reportId,
  enrich: async (next, input) => {
    if (input.action === 'submit') return withSubmittedVersion(next, input);
    if (input.action === 'confirm' || input.action === 'dispute') return withConfirmation(next, input.action);
    return next;
  },
  followUp: async (recorded, input, changed) => {
    // Counted by the call that recorded the acceptance, not again by a replay.
    if (changed && recorded.state === 'accepted') countEvent('reportAccepted');
    // Also on a replayed step: the email may not have gone out before a retry (it is sent once).
    if (input.action === 'confirm' || input.action === 'dispute') {
      await tellPartyOfActOnBehalf({
        outcome: input.outcome,
        subject: reportTaskView('confirm-report', recorded),
        partyName: recorded.enterprise.name,
      });
    }
  },
});

/**
 * The execution's first step: the period opens, unless the bureau waived it between its
 * schedule firing and this step (then the execution ends with it as it is).
 */
export async function openReportPeriod(input: {
  reportId: string;
  eventId: string;
}): Promise<{ state: ReportState }> {
  const report = await loadReport(input.reportId);
  if (report.state === 'waived') return { state: report.state };
  return recordReportStep({ reportId: input.reportId, action: 'open', eventId: input.eventId });
}

async function withSubmittedVersion(report: Report, input: RecordReportStepInput): Promise<Report> {
  const { versionId } = parseInput(submittedVersionSchema, input.outcome?.payload);
  const stored = await reportVersionTable.get(versionId);
  if (stored?.reportId !== report.id)
    throw new NotFoundError(`No version ${versionId} of report ${report.id}`);
  return {
    ...report,
    versions: [
      ...report.versions,
      {
        number: report.versions.length + 1,
        versionId,
        counts: stored.counts,
        submittedAt: stored.submittedAt,
        by: stored.by,
      },
    ],
  };
}

/** The newest version, with the answer the step's audit entry records. */
function withConfirmation(report: Report, decision: 'confirm' | 'dispute'): Report {
  const entry = report.recentAudit.at(-1);
  const last = report.versions.at(-1);
  if (!entry || !last) return report;
  // A dispute's reason stays in the audit trail, which pages out: the report's item keeps only who and when.
  const confirmation = { decision, by: entry.actor, at: entry.at };
  return { ...report, versions: [...report.versions.slice(0, -1), { ...last, confirmation }] };
}

/**
 * Before a human step: whether it must be handed over to a successor execution, and for the
 * submission how long this execution waits (until the report falls overdue, or a revision's
 * window; `capped` when the execution's year cuts that short).
 */
export async function planReportStep(input: {
  reportId: string;
  /** The human step ahead (`step` names the task function's step). */
  humanStep: ResumableStep;
  /** This execution's start, from the context object. */
  startedAt: string;
  /** The longest the step can last, for the steps whose waits are fixed. */
  stepSeconds?: number;
}): Promise<{ seconds: number; capped: boolean; handOver: boolean }> {
  const at = now();
  if (input.humanStep !== 'submission') {
    const seconds = input.stepSeconds ?? 0;
    return { seconds, capped: false, handOver: mustHandOver(input.startedAt, at, seconds) };
  }
  const report = await loadReport(input.reportId);
  const wanted = submissionWaitSeconds(report, at, report.state === 'revising');
  return plannedSubmissionWait(input.startedAt, at, wanted);
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
