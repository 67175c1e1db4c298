import { formatChinaDeadline } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
import { isComplete, roundStepRules } from '#shared/commendation/commendationService.ts';
import { commendationTable } from '#shared/commendation/commendationTable.ts';
import { commendationTaskView } from '#shared/commendation/commendationTasks.ts';
import { expectedScores } from '#shared/commendation/conflicts.ts';
import type { CommendationRound } from '#shared/commendation/model.ts';
import { panelScoresOf } from '#shared/commendation/panelScores.ts';
import { rankByMeanScore } from '#shared/commendation/ranking.ts';
import type { RoundAction } from '#shared/commendation/states.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { recordStep } from '#shared/records/recordStep.ts';
import { applyStep, type StepInput } from '#shared/records/stagedRecord.ts';

async function loadRound(id: string): Promise<CommendationRound> {
  const round = await commendationTable.get(id);
  if (!round) throw noSuchRecord('commendationRound', id, 'commendation round');
  return round;
}

export interface RecordRoundStepInput extends StepInput<RoundAction> {
  readonly roundId: string;
}

/** Applies one transition; closing the scoring ranks the nominees by their mean panel score. */
export const recordRoundStep = recordStep<CommendationRound, RecordRoundStepInput>({
  table: commendationTable,
  rules: roundStepRules,
  id: (input) => input.roundId,
  enrich: async (next, input, round) => {
    if (input.action === 'close_scoring') {
      const scores = await panelScoresOf(round);
      return {
        ...next,
        ranking: rankByMeanScore(
          round.nominees.map((nominee) => ({
            nomineeId: nominee.id,
            scores: scores.filter((score) => score.nomineeId === nominee.id).map((score) => score.score),
          })),
        ),
      };
    }
    if (input.action === 'approve' && input.outcome) return { ...next, approvedBy: input.outcome.actor };
    return next;
  },
});

/** Whether every expected score is in already (then the workflow does not wait for the panel). */
export async function roundProgress(input: { roundId: string }): Promise<{ complete: boolean }> {
  return { complete: await isComplete(await loadRound(input.roundId)) };
}

/** The round, the panel's task as emails name it, and when the scoring closes (`deadlineSeconds` from now). */
async function scoringRequest(input: { roundId: string; deadlineSeconds: number }) {
  const round = await loadRound(input.roundId);
  const deadline = formatChinaDeadline(
    new Date(now().getTime() + input.deadlineSeconds * 1000).toISOString(),
  );
  return { round, subject: commendationTaskView('collect-panel-scores', round), deadline };
}

/** Asks each panel member to score, once each. */
export async function notifyPanel(input: {
  roundId: string;
  deadlineSeconds: number;
  eventId: string;
}): Promise<{ sent: number }> {
  const { round, subject, deadline } = await scoringRequest(input);
  let sent = 0;
  for (const member of round.panel) {
    const toScore = expectedScores([member], round.nominees).length;
    const result = await sendEmailOnce({
      dedupeKey: `${input.eventId}:${member.email}`,
      to: [member.email],
      template: 'panel-scoring-requested',
      params: {
        ...subject.emailParams,
        nominees: String(toScore),
        link: consoleLink(subject.consolePath),
        deadline,
      },
    });
    if (result === 'sent') sent += 1;
  }
  return { sent };
}

/**
 * The scoring deadline passed: each panel member who still has nominees to score (neither
 * excluded nor scored) is reminded, once each, with how many are left and the new deadline.
 */
export async function remindPanel(input: {
  roundId: string;
  deadlineSeconds: number;
  eventId: string;
}): Promise<{ reminded: number }> {
  const { round, subject, deadline } = await scoringRequest(input);
  const scored = new Set(
    (await panelScoresOf(round)).map((score) => `${score.memberEmail.toLowerCase()}|${score.nomineeId}`),
  );
  let reminded = 0;
  for (const member of round.panel) {
    const left = expectedScores([member], round.nominees).filter(
      (pair) => !scored.has(`${pair.memberEmail}|${pair.nomineeId}`),
    ).length;
    if (left === 0) continue;
    await sendEmailOnce({
      dedupeKey: `${input.eventId}:${member.email}`,
      to: [member.email],
      template: 'panel-scoring-reminder',
      params: {
        ...subject.emailParams,
        nominees: String(left),
        link: consoleLink(subject.consolePath),
        deadline,
      },
    });
    reminded += 1;
  }
  return { reminded };
}

/** The bureau approved: the public notice opens now and closes after `noticeSeconds` (kept if opened already). */
export async function openRoundNotice(input: {
  roundId: string;
  noticeSeconds: number;
}): Promise<{ closesAt: string }> {
  const round = await loadRound(input.roundId);
  if (round.notice) return { closesAt: round.notice.closesAt };
  const opensAt = now();
  const notice = {
    opensAt: opensAt.toISOString(),
    closesAt: new Date(opensAt.getTime() + input.noticeSeconds * 1000).toISOString(),
  };
  await commendationTable.replace({
    ...round,
    notice,
    version: round.version + 1,
    updatedAt: notice.opensAt,
  });
  return { closesAt: notice.closesAt };
}

/** The notice closed: the list is published and each commended commissioner and their institution told, once. */
export async function publishRound(input: {
  roundId: string;
  eventId: string;
}): Promise<{ published: number }> {
  const round = await loadRound(input.roundId);
  const next = applyStep(round, { action: 'publish', eventId: input.eventId }, roundStepRules);
  const published = next ? { ...next, publishedAt: next.updatedAt } : round;
  if (next) await commendationTable.replace(published);
  const byId = new Map(round.nominees.map((nominee) => [nominee.id, nominee]));
  const link = consoleLink(`commendations/${encodeURIComponent(round.id)}`);
  for (const ranked of published.ranking ?? []) {
    const nominee = byId.get(ranked.nomineeId);
    if (!nominee) continue;
    await sendEmailOnce({
      dedupeKey: `${round.id}:published:${nominee.id}`,
      to: [nominee.email, nominee.institutionEmail],
      template: 'commendation-published',
      params: {
        year: round.year,
        name: nominee.name,
        institution: nominee.institution,
        rank: String(ranked.rank),
        link,
      },
    });
  }
  return { published: published.ranking?.length ?? 0 };
}
