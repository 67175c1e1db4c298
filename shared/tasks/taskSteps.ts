import { formatChinaDeadline } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import type { EmailParam } from '#shared/email/catalogue.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { taskIdFor, taskKindRules } from '#shared/tasks/kinds.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { markTaskNudged, openTaskRound } from '#shared/tasks/taskService.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/*
 * The two workflow steps every human task is made of, for every stage: open the task
 * (record it with its token and tell the assignee) and nudge it when its deadline passes.
 * Both are safe to run twice.
 */

/** A role's tasks go to the bureau's mailbox unless the task names someone. */
function recipientsOf(assignee: Assignee): string[] {
  return [assignee.email ?? requireEnv('BUREAU_EMAIL')];
}

function emailParams(subject: TaskSubjectView, deadline: string): Record<string, EmailParam> {
  return {
    ...subject.emailParams,
    link: consoleLink(subject.consolePath),
    deadline: formatChinaDeadline(deadline),
  };
}

export interface OpenTaskInput {
  readonly taskToken: string;
  readonly kind: TaskKind;
  readonly subjectId: string;
  readonly timeoutSeconds: number;
}

/** The workflow waits on a human: record the task and its token, and tell the assignee of a new round. */
export async function openTask(input: OpenTaskInput): Promise<{ taskId: string }> {
  const rules = taskKindRules[input.kind];
  const subject = await taskSubjects.describe(input.kind, input.subjectId);
  const { task, newRound } = await openTaskRound({
    id: taskIdFor(input.kind, input.subjectId),
    kind: input.kind,
    subject: { type: rules.subjectType, id: input.subjectId, title: subject.title },
    assignee: subject.assignee,
    token: input.taskToken,
    timeoutSeconds: input.timeoutSeconds,
  });
  if (newRound) {
    await sendEmailOnce({
      dedupeKey: `${task.id}:round-${task.round}:opened`,
      to: recipientsOf(subject.assignee),
      template: task.round > 1 && rules.reopeningEmail ? rules.reopeningEmail : rules.openingEmail,
      params: emailParams(subject, task.deadline),
    });
  }
  return { taskId: task.id };
}

export interface NudgeTaskInput {
  readonly kind: TaskKind;
  readonly subjectId: string;
  readonly level: 'reminder' | 'escalation';
  /** How long the workflow will wait after this nudge; the email names that deadline. */
  readonly nextTimeoutSeconds: number;
  readonly eventId: string;
}

/** A task's deadline passed: remind its assignee, or escalate it to the bureau. */
export async function nudgeTask(input: NudgeTaskInput): Promise<{ sent: boolean }> {
  const rules = taskKindRules[input.kind];
  const task = await markTaskNudged(taskIdFor(input.kind, input.subjectId), input.level, input.eventId);
  if (!task) return { sent: false };
  const subject = await taskSubjects.describe(input.kind, input.subjectId);
  const deadline = new Date(now().getTime() + input.nextTimeoutSeconds * 1000).toISOString();
  const result = await sendEmailOnce({
    dedupeKey: `${input.eventId}:${input.level}`,
    to: input.level === 'escalation' ? [requireEnv('BUREAU_EMAIL')] : recipientsOf(subject.assignee),
    template: rules.nudgeEmails[input.level],
    params: emailParams(subject, deadline),
  });
  // Counted with its email, which is sent once per missed deadline however often the step is retried.
  if (result === 'sent') countEvent('taskOverdue');
  return { sent: result === 'sent' };
}
