import { describeAgreementTask } from '#shared/agreement/agreementTasks.ts';
import { describeApplicationTask } from '#shared/application/applicationTasks.ts';
import { describeAssessmentTask } from '#shared/assessment/assessmentTasks.ts';
import { describeCommendationTask } from '#shared/commendation/commendationTasks.ts';
import { describeDemandTask } from '#shared/demand/demandTasks.ts';
import { describeDispatchTask } from '#shared/dispatch/dispatchTasks.ts';
import { describeReportTask } from '#shared/report/reportTasks.ts';
import type { Assignee, TaskKind, TaskSubjectType } from '#shared/tasks/model.ts';

/** What a human task needs to know about its subject: its name, who acts, and what its emails say. */
export interface TaskSubjectView {
  readonly title: string;
  readonly assignee: Assignee;
  /** The console route of the subject, e.g. `applications/<id>`. */
  readonly consolePath: string;
  /** Values for the task's email templates (the deadline and link are added). */
  readonly emailParams: Readonly<Record<string, string>>;
}

export type DescribeTaskSubject = (kind: TaskKind, subjectId: string) => Promise<TaskSubjectView>;

/** Each stage describes its own subjects; the task steps of every workflow use this one table. */
export const taskSubjects: Record<TaskSubjectType, DescribeTaskSubject> = {
  application: describeApplicationTask,
  demand: describeDemandTask,
  dispatch: describeDispatchTask,
  agreement: describeAgreementTask,
  report: describeReportTask,
  assessment: describeAssessmentTask,
  commendation: describeCommendationTask,
};
