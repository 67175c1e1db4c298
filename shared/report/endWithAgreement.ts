import { ExecutionDoesNotExist, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from '#shared/aws/stepFunctions.ts';
import { requireEnv } from '#shared/config.ts';
import type { Report } from '#shared/report/model.ts';
import {
  recordReportStep,
  reportExecutionName,
  successorExecutionName,
} from '#shared/report/reportWorkflow.ts';
import { awaitingSubmission } from '#shared/report/states.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { cancelOpenTask } from '#shared/tasks/taskService.ts';

/** A period still waiting for the commissioner's report, or stopped by a fault while it waited. */
export function waitsForReport(report: Report): boolean {
  const state = report.state === 'failed' ? report.failure?.state : report.state;
  return state !== undefined && awaitingSubmission.includes(state);
}

/**
 * Stops every execution of the period: the first and each successor that took it over
 * (`successorExecutionName`), up to the first that does not exist. Stopping one that ended
 * changes nothing.
 */
async function stopReportExecutions(reportId: string): Promise<void> {
  const executionPrefix = `${requireEnv('REPORT_WORKFLOW_ARN').replace(':stateMachine:', ':execution:')}:`;
  for (let name = reportExecutionName(reportId); ; name = successorExecutionName(name)) {
    try {
      await stepFunctions().send(
        new StopExecutionCommand({
          executionArn: `${executionPrefix}${name}`,
          error: 'AgreementEnded',
          cause: 'The agreement ended early; the period is closed',
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return;
      throw error;
    }
  }
}

/**
 * The agreement ended early: each period still waiting for a report stops its execution and
 * closes, with the reason, and its tasks leave everyone's lists. A report already submitted
 * goes on to its review: the work it records was done while the agreement ran. Safe to run
 * again (a retried step): stopping, the transition and the cancellations each happen once.
 */
export async function closePeriodsOfEndedAgreement(input: {
  /** The agreement's periods, as the caller read them. */
  reports: readonly Report[];
  reason: string;
  eventId: string;
}): Promise<{ closed: number }> {
  const waiting = input.reports.filter(waitsForReport);
  for (const report of waiting) {
    await stopReportExecutions(report.id);
    await recordReportStep({
      reportId: report.id,
      action: 'close_early',
      reason: input.reason,
      eventId: `${input.eventId}:${report.id}`,
    });
    await cancelOpenTask(taskIdFor('submit-report', report.id));
    await cancelOpenTask(taskIdFor('retry-report', report.id));
  }
  return { closed: waiting.length };
}
