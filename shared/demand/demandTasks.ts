import { demandTable } from '#shared/demand/demandTable.ts';
import type { Demand } from '#shared/demand/model.ts';
import { stateLabel } from '#shared/email/catalogue.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { lastReason } from '#shared/records/stagedRecord.ts';
import type { TaskKind } from '#shared/tasks/model.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/** The bureau verifies a demand (and retries its workflow); the enterprise revises it. */
export async function describeDemandTask(kind: TaskKind, demandId: string): Promise<TaskSubjectView> {
  const demand = await demandTable.get(demandId);
  if (!demand) throw noSuchRecord('demand', demandId);
  return demandTaskView(kind, demand);
}

/** The same, for a record already read. */
export function demandTaskView(kind: TaskKind, demand: Demand): TaskSubjectView {
  const latestReason = lastReason(demand);
  return {
    title: demand.form.enterpriseName,
    assignee:
      kind === 'revise-demand'
        ? { role: 'enterprise', organization: demand.poster.organization, email: demand.form.contactEmail }
        : { role: 'admin' },
    consolePath: `demands/${demand.id}`,
    emailParams: {
      title: demand.form.enterpriseName,
      enterprise: demand.form.enterpriseName,
      location: demand.form.location,
      reason: latestReason,
      step: stateLabel(demand.failure?.state),
      error: demand.failure?.error ?? '',
    },
  };
}

taskSubjects.provide('demand', describeDemandTask);
