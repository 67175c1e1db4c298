import {
  handOverReportReview,
  notifyReport,
  openReportPeriod,
  planReportStep,
  recordReportStep,
} from '#shared/report/reportWorkflow.ts';
import { nudgeTask, openTask } from '#shared/tasks/taskSteps.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The report workflow's steps, by the names its tasks give (`workflows/reportReview.ts`). */
export const reportSteps = {
  /** Applies one transition of a report (a submission is kept as a new version). */
  record: recordReportStep,
  /** Opens the period, unless it was waived before it opened. */
  open: openReportPeriod,
  /** Before a human step, whether to hand over to a successor execution, and how long to wait for the commissioner. */
  plan: planReportStep,
  /** Tells those concerned that a report was accepted, waived, or is overdue (once). */
  notify: notifyReport,
  /** Starts the execution that takes the report period over before this one's year ends. */
  handOver: handOverReportReview,
  openTask,
  nudgeTask,
};

/** Step Functions task function of the report workflow. */
export const handler = stageTaskHandler('report', reportSteps);
