import { dispatchTable } from '#shared/dispatch/dispatchTable.ts';
import type { Dispatch } from '#shared/dispatch/model.ts';
import { stateLabel } from '#shared/email/catalogue.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { lastReason } from '#shared/records/stagedRecord.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/** The commissioner and the enterprise each accept; the bureau rules on objections and retries. */
export async function describeDispatchTask(kind: TaskKind, dispatchId: string): Promise<TaskSubjectView> {
  const dispatch = await dispatchTable.get(dispatchId);
  if (!dispatch) throw noSuchRecord('dispatch', dispatchId);
  return dispatchTaskView(kind, dispatch);
}

/** The same, for a record already read. */
export function dispatchTaskView(kind: TaskKind, dispatch: Dispatch): TaskSubjectView {
  const { commissioner, enterprise } = dispatch;
  let assignee: Assignee = { role: 'admin' };
  if (kind === 'accept-dispatch-commissioner') {
    assignee = { role: 'commissioner', sub: commissioner.id, email: commissioner.email };
  } else if (kind === 'accept-dispatch-enterprise') {
    assignee = { role: 'enterprise', organization: enterprise.name, email: enterprise.contactEmail };
  }
  const latestReason = lastReason(dispatch);
  return {
    title: `${commissioner.name} → ${enterprise.name}`,
    assignee,
    consolePath: `dispatches/${encodeURIComponent(dispatch.id)}`,
    emailParams: {
      title: `${commissioner.name} → ${enterprise.name}`,
      commissioner: commissioner.name,
      institution: commissioner.institution,
      enterprise: enterprise.name,
      location: enterprise.location,
      problem: enterprise.problem.slice(0, 200),
      reason: latestReason,
      step: stateLabel(dispatch.failure?.state),
      error: dispatch.failure?.error ?? '',
    },
  };
}

taskSubjects.provide('dispatch', describeDispatchTask);
