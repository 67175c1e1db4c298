import { commendationTable } from '#shared/commendation/commendationTable.ts';
import type { CommendationRound } from '#shared/commendation/model.ts';
import { stateLabel } from '#shared/email/catalogue.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { lastReason } from '#shared/records/stagedRecord.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/** The panel scores; the bureau approves and retries. */
export async function describeCommendationTask(kind: TaskKind, roundId: string): Promise<TaskSubjectView> {
  const round = await commendationTable.get(roundId);
  if (!round) throw noSuchRecord('commendationRound', roundId, 'commendation round');
  return commendationTaskView(kind, round);
}

export function commendationTaskView(kind: TaskKind, round: CommendationRound): TaskSubjectView {
  const assignee: Assignee =
    kind === 'collect-panel-scores'
      ? { role: 'panel', members: round.panel.map((member) => member.email) }
      : { role: 'admin' };
  return {
    title: `${round.year}`,
    assignee,
    consolePath: `commendation-rounds/${encodeURIComponent(round.id)}`,
    emailParams: {
      year: round.year,
      nominees: String(round.nominees.length),
      panel: String(round.panel.length),
      reason: lastReason(round),
      step: stateLabel(round.failure?.state),
      error: round.failure?.error ?? '',
    },
  };
}

taskSubjects.provide('commendation', describeCommendationTask);
