import { assessmentTable } from '#shared/assessment/assessmentTable.ts';
import type { Assessment } from '#shared/assessment/model.ts';
import { emailLabels, stateLabel } from '#shared/email/catalogue.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { lastReason } from '#shared/records/stagedRecord.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/** The enterprise rates; the bureau grades and retries. */
export async function describeAssessmentTask(kind: TaskKind, assessmentId: string): Promise<TaskSubjectView> {
  const assessment = await assessmentTable.get(assessmentId);
  if (!assessment) throw noSuchRecord('assessment', assessmentId);
  return assessmentTaskView(kind, assessment);
}

export function assessmentTaskView(kind: TaskKind, assessment: Assessment): TaskSubjectView {
  const { commissioner, institution, enterprise } = assessment;
  const assignee: Assignee =
    kind === 'rate-commissioner'
      ? { role: 'enterprise', organization: enterprise.name, email: enterprise.email }
      : { role: 'admin' };
  const title = `${commissioner.name} · ${enterprise.name}`;
  return {
    title: `${title} (${assessment.year})`,
    assignee,
    consolePath: `assessments/${encodeURIComponent(assessment.id)}`,
    emailParams: {
      title,
      year: assessment.year,
      commissioner: commissioner.name,
      institution: institution.name,
      enterprise: enterprise.name,
      score: assessment.score ? String(assessment.score.total) : '',
      suggestedGrade: assessment.score ? emailLabels.grade[assessment.score.suggestedGrade] : '',
      reason: lastReason(assessment),
      step: stateLabel(assessment.failure?.state),
      error: assessment.failure?.error ?? '',
    },
  };
}

taskSubjects.provide('assessment', describeAssessmentTask);
