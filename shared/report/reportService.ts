import { randomUUID } from 'node:crypto';
import { isAgreementParty } from '#shared/agreement/agreementService.ts';
import { agreementTable } from '#shared/agreement/agreementTable.ts';
import { chinaDate } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
import {
  bureauOnly,
  ConflictError,
  ForbiddenError,
  noSuchRecord,
  notYours,
  ValidationError,
} from '#shared/errors.ts';
import { filesToAttach } from '#shared/evidenceFiles/attachFiles.ts';
import { type Caller, hasRole } from '#shared/identity.ts';
import {
  inState,
  type ListFilters,
  type ListPage,
  type PageRequest,
  sourceOf,
  yearPrefix,
} from '#shared/records/pagedList.ts';
import { applyStep } from '#shared/records/stagedRecord.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';
import {
  type Report,
  type ReportVersion,
  type ReportVersionSummary,
  reportVersionIdFor,
} from '#shared/report/model.ts';
import { type PeriodStatus, periodStatus } from '#shared/report/progress.ts';
import { reportIndexes } from '#shared/report/reportIndexes.ts';
import { readReportVersions, reportTable, reportVersionTable } from '#shared/report/reportTable.ts';
import { notifyReport, reportStepRules } from '#shared/report/reportWorkflow.ts';
import type { ReportSubmission, WaivePeriod } from '#shared/report/schema.ts';
import { awaitingSubmission } from '#shared/report/states.ts';
import { compareVersions, type VersionComparison } from '#shared/report/versionComparison.ts';
import { type ReportPartyView, reportPartyView } from '#shared/report/views.ts';
import { cancelReportPeriodOpening } from '#shared/scheduling/periodSchedules.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { completeTask } from '#shared/tasks/taskService.ts';
import { getTask } from '#shared/tasks/taskTable.ts';

/** A report as the bureau reads it: every version in full, its whole audit trail. */
export type ReportView = Omit<WithAuditTrail<Report>, 'versions'> & {
  readonly versions: readonly ReportVersion[];
  readonly status: PeriodStatus;
};

/** A report as a party reads it: every version in full. */
export type ReportPartyDetail = ReportPartyView<ReportVersion> & { readonly status: PeriodStatus };

/** A report in an agreement's list: each version's summary (number, counts, when, by whom). */
export type ReportSummaryView = (Report | ReportPartyView<ReportVersionSummary>) & {
  readonly status: PeriodStatus;
};

const partiesOf = (report: Report) => ({
  commissioner: report.commissioner,
  institution: report.institution,
  enterprise: report.enterprise,
});

function summaryView(caller: Caller, report: Report): ReportSummaryView {
  const status = periodStatus(report, chinaDate(now()));
  return hasRole(caller, 'admin')
    ? { ...report, status }
    : { ...reportPartyView(report, report.versions, caller), status };
}

/** The one place that shapes a report for its reader: the bureau everything, a party its view. */
async function view(caller: Caller, report: Report): Promise<ReportView | ReportPartyDetail> {
  const status = periodStatus(report, chinaDate(now()));
  if (!hasRole(caller, 'admin')) {
    return { ...reportPartyView(report, await readReportVersions(report), caller), status };
  }
  const [withTrail, versions] = await Promise.all([
    reportTable.withAuditTrail(report),
    readReportVersions(report),
  ]);
  return { ...withTrail, status, versions };
}

async function readableReport(caller: Caller, id: string): Promise<Report> {
  const report = await reportTable.get(id);
  if (!report) throw noSuchRecord('report', id);
  if (!isAgreementParty(caller, partiesOf(report))) throw notYours('report');
  return report;
}

/** A report with every version and its history: the bureau and the agreement's three parties may read it. */
export async function getReportForCaller(
  caller: Caller,
  id: string,
): Promise<ReportView | ReportPartyDetail> {
  return view(caller, await readableReport(caller, id));
}

/**
 * The reports of one agreement, first period first, a page at a time; a year is a range of the
 * periods' first days, and a state is applied to the agreement's reports (a page may then be short).
 */
export async function listReportsForCaller(
  caller: Caller,
  agreementId: string,
  filters: ListFilters,
  page: PageRequest,
): Promise<ListPage<ReportSummaryView>> {
  const agreement = await agreementTable.get(agreementId);
  if (!agreement) throw noSuchRecord('agreement', agreementId);
  if (!isAgreementParty(caller, agreement.parties)) throw notYours('agreement');
  const source = sourceOf(
    reportIndexes.byAgreement,
    'agreementId',
    agreementId,
    'start',
    yearPrefix(filters.year),
  );
  const found = await reportTable.listPage(
    { list: 'reports', sources: [source], order: 'oldestFirst' },
    page,
    inState(filters.state),
  );
  return { ...found, items: found.items.map((report) => summaryView(caller, report)) };
}

/**
 * The commissioner submits (or revises) a period's report. The version is stored first, in
 * its own item, and the waiting submission step is completed with only its id (a task's
 * output is limited to 256 KB; a report in Chinese can pass that). The answer is the report
 * as read before: Step Functions answers before the workflow records the new version, so
 * the caller reads the report again until it shows it.
 */
export async function submitReport(
  caller: Caller,
  id: string,
  submission: ReportSubmission,
): Promise<{ report: ReportView | ReportPartyDetail; versionId: string }> {
  const report = await reportTable.get(id);
  if (!report) throw noSuchRecord('report', id);
  if (report.commissioner.sub !== caller.sub) {
    throw new ForbiddenError("Only the agreement's commissioner submits its reports", {
      code: 'partyOnly',
      params: { role: 'commissioner' },
    });
  }
  if (!awaitingSubmission.includes(report.state)) {
    throw report.state === 'scheduled'
      ? new ConflictError(`Period ${report.index} opens on ${report.start}`, {
          code: 'periodNotOpenYet',
          params: { start: report.start },
        })
      : new ConflictError(
          `The report is ${report.state}; it takes a submission only while open, returned or overdue`,
          { code: 'notInThisState', params: { state: report.state } },
        );
  }
  const taskId = taskIdFor('submit-report', id);
  // Just after the period opens, or a dispute or return, the workflow has not yet (re)opened the task.
  const task = await getTask(taskId);
  if (task?.status !== 'open') {
    throw new ConflictError('The report is not ready for submission yet; try again shortly', {
      code: 'notReadyYet',
    });
  }
  const files = await filesToAttach({ kind: 'report', id }, submission.files);
  const versionId = reportVersionIdFor(id, randomUUID());
  await reportVersionTable.create({
    id: versionId,
    reportId: id,
    ...submission,
    files,
    submittedAt: now().toISOString(),
    by: { sub: caller.sub, email: caller.email, role: 'commissioner' },
    version: 1,
  });
  try {
    await completeTask(caller, taskId, 'submit', undefined, { versionId });
  } catch (error) {
    // Refused (a concurrent submission won, or the deadline just passed): nothing half-written.
    await reportVersionTable.deleteNew(versionId);
    throw error;
  }
  return { report: await view(caller, report), versionId };
}

/**
 * The bureau waives a period before it opens (the enterprise shut for the season, say): its
 * opening is withdrawn, so no task, reminder or execution follows, and the commissioner is
 * told. A schedule that fires regardless finds the period waived and opens nothing
 * (`startReportReview`). A period already open is waived through its task instead.
 */
export async function waivePeriodBeforeOpening(
  caller: Caller,
  id: string,
  waiver: WaivePeriod,
): Promise<ReportView | ReportPartyDetail> {
  if (!hasRole(caller, 'admin')) throw bureauOnly('waives a period');
  const report = await reportTable.get(id);
  if (!report) throw noSuchRecord('report', id);
  const eventId = `${id}:waive-before-opening`;
  // Both safe to repeat: a waiver whose answer was lost finishes them when asked again.
  const followUp = async () => {
    await cancelReportPeriodOpening({ reportId: id, start: report.start });
    await notifyReport({ reportId: id, template: 'report-waived', eventId: 'before-opening' });
  };
  if (report.recentAudit.some((entry) => entry.eventId === eventId)) {
    await followUp();
    throw new ConflictError('The period was waived already', { code: 'stepTaken' });
  }
  if (report.state !== 'scheduled') {
    throw new ConflictError(
      awaitingSubmission.includes(report.state)
        ? `Period ${report.index} is open; waive it from its task`
        : `The report is ${report.state}; only a period not yet open is waived here`,
      { code: 'notInThisState', params: { state: report.state } },
    );
  }
  const waived = applyStep(
    report,
    {
      action: 'waive',
      actor: { sub: caller.sub, email: caller.email, role: 'admin' },
      reason: waiver.reason,
      eventId,
    },
    reportStepRules,
  );
  if (!waived) throw new ConflictError('The period was waived already', { code: 'stepTaken' });
  // On the version read: an opening that won meanwhile makes this a conflict, and nothing is withdrawn.
  await reportTable.replace(waived);
  await followUp();
  return view(caller, waived);
}

/** What changed between two versions of a report. */
export async function compareReportVersions(
  caller: Caller,
  id: string,
  from: number,
  to: number,
): Promise<VersionComparison> {
  const report = await readableReport(caller, id);
  const versions = await readReportVersions(report);
  const version = (number: number, field: string) => {
    const found = versions.find((candidate) => candidate.number === number);
    if (!found) {
      throw new ValidationError([
        {
          field,
          reason: `is not a version of this report (it has ${report.versions.length})`,
          code: 'notAVersion',
          params: { versions: report.versions.length },
        },
      ]);
    }
    return found;
  };
  return compareVersions(version(from, 'from'), version(to, 'to'));
}
