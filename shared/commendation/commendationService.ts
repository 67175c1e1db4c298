import { randomUUID } from 'node:crypto';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { assessmentIndexes, assessmentTable } from '#shared/assessment/assessmentTable.ts';
import { stepFunctions } from '#shared/aws/stepFunctions.ts';
import { now } from '#shared/clock.ts';
import { commendationIndexes, commendationTable } from '#shared/commendation/commendationTable.ts';
import { conflictOf, expectedScores } from '#shared/commendation/conflicts.ts';
import {
  type CommendationRound,
  type Nominee,
  type PanelScore,
  roundIdFor,
} from '#shared/commendation/model.ts';
import {
  hasScored,
  panelScoreCount,
  panelScoresOf,
  storePanelScore,
} from '#shared/commendation/panelScores.ts';
import type { Nominations, OpenRound, Panel, PanelScoreInput } from '#shared/commendation/schema.ts';
import {
  type RoundAction,
  type RoundActor,
  type RoundState,
  roundTransitions,
} from '#shared/commendation/states.ts';
import {
  type RoundForPanel,
  type RoundPanelView,
  roundForPanel,
  roundPanelView,
} from '#shared/commendation/views.ts';
import { requireEnv } from '#shared/config.ts';
import {
  bureauOnly,
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  noSuchRecord,
  notYours,
  ValidationError,
} from '#shared/errors.ts';
import { type Caller, hasRole } from '#shared/identity.ts';
import {
  inState,
  type ListFilters,
  type ListPage,
  type PageRequest,
  sourceOf,
} from '#shared/records/pagedList.ts';
import { type ActorRef, applyStep, type StepRules } from '#shared/records/stagedRecord.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { completeTask } from '#shared/tasks/taskService.ts';
import { getTask } from '#shared/tasks/taskTable.ts';

export const roundStepRules: StepRules<RoundState, RoundAction, RoundActor> = {
  transitions: roundTransitions,
  noun: 'a commendation round',
  actorKind: (actor) => (actor.role === 'admin' || actor.role === 'panel' ? actor.role : 'system'),
};

const adminRef = (caller: Caller): ActorRef => ({ sub: caller.sub, email: caller.email, role: 'admin' });

function requireAdmin(caller: Caller): void {
  if (!hasRole(caller, 'admin')) throw bureauOnly('runs commendation rounds');
}

async function loadRound(id: string): Promise<CommendationRound> {
  const round = await commendationTable.get(id);
  if (!round) throw noSuchRecord('commendationRound', id, 'commendation round');
  return round;
}

/** The bureau opens a year's round; only a year whose assessments were graded has one. */
export async function openRound(caller: Caller, request: OpenRound): Promise<RoundView> {
  requireAdmin(caller);
  const graded = (await assessmentTable.queryAll(assessmentIndexes.byYear, 'year', request.year)).filter(
    (assessment) => assessment.state === 'graded',
  );
  if (graded.length === 0) {
    throw new ConflictError(`No assessment was graded in ${request.year}`, {
      code: 'nothingGradedInYear',
      params: { year: request.year },
    });
  }
  const at = now().toISOString();
  const id = roundIdFor(request.year);
  const round: CommendationRound = {
    id,
    year: request.year,
    limit: request.limit,
    nominees: [],
    panel: [],
    state: 'nominating',
    version: 1,
    auditPages: 0,
    recentAudit: [
      { at, actor: adminRef(caller), action: 'open', from: null, to: 'nominating', eventId: `${id}:open` },
    ],
    createdAt: at,
    updatedAt: at,
  };
  if (!(await commendationTable.create(round)))
    throw new ConflictError(`${request.year} has a commendation round already`, {
      code: 'roundExists',
      params: { year: request.year },
    });
  return viewWhileNominating(round);
}

/** The bureau's view of a round still nominating: it has no scores, since scoring begins after it. */
async function viewWhileNominating(round: CommendationRound): Promise<RoundView> {
  return { ...(await commendationTable.withAuditTrail(round)), scores: [] };
}

/** Applies an admin's step to a round in one conditional write, with `change` to the record. */
async function adminStep(
  caller: Caller,
  id: string,
  action: RoundAction,
  change: (round: CommendationRound) => Partial<CommendationRound>,
): Promise<RoundView> {
  requireAdmin(caller);
  const round = await loadRound(id);
  const next = applyStep(
    round,
    { action, actor: adminRef(caller), eventId: `${id}:${action}:${round.version}` },
    roundStepRules,
  );
  if (!next) throw new ConflictError('This step was taken already', { code: 'stepTaken' });
  const updated = { ...next, ...change(round) };
  await commendationTable.replace(updated);
  return viewWhileNominating(updated);
}

/** The bureau nominates commissioners graded excellent in the round's year, at most `limit` of them. */
export async function nominate(caller: Caller, id: string, request: Nominations): Promise<RoundView> {
  requireAdmin(caller);
  const round = await loadRound(id);
  if (request.assessmentIds.length > round.limit) {
    throw new ValidationError([
      {
        field: 'assessmentIds',
        reason: `must name at most ${round.limit} (the round's limit)`,
        code: 'overRoundLimit',
        params: { maximum: round.limit },
      },
    ]);
  }
  const nominees: Nominee[] = [];
  const problems: FieldProblem[] = [];
  for (const [index, assessmentId] of request.assessmentIds.entries()) {
    const assessment = await assessmentTable.get(assessmentId);
    if (!assessment || assessment.year !== round.year) {
      problems.push({
        field: `assessmentIds.${index}`,
        reason: `is not an assessment of ${round.year}`,
        code: 'notOfYear',
        params: { year: round.year },
      });
    } else if (assessment.grade?.grade !== 'excellent') {
      problems.push({
        field: `assessmentIds.${index}`,
        reason: `is graded ${assessment.grade?.grade ?? 'not yet'}, not excellent`,
        code: 'notExcellent',
        params: { grade: assessment.grade?.grade ?? 'none' },
      });
    } else {
      nominees.push({
        id: assessment.id,
        name: assessment.commissioner.name,
        email: assessment.commissioner.email,
        institution: assessment.institution.name,
        institutionEmail: assessment.institution.email,
        enterprise: assessment.enterprise.name,
        assessmentScore: assessment.score?.total ?? 0,
      });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return adminStep(caller, id, 'nominate', () => ({ nominees }));
}

/** The bureau names the panel: each member's email and the institution or enterprise they belong to. */
export async function assignPanel(caller: Caller, id: string, request: Panel): Promise<RoundView> {
  return adminStep(caller, id, 'assign_panel', () => ({
    panel: request.members.map((member) => ({
      email: member.email.toLowerCase(),
      organization: member.organization,
    })),
  }));
}

/** Starts the round's workflow: the panel is asked to score. Each nominee must be scorable by someone. */
export async function startScoring(caller: Caller, id: string): Promise<RoundView> {
  requireAdmin(caller);
  const round = await loadRound(id);
  if (round.state !== 'nominating')
    throw new ConflictError(`The round is ${round.state}; scoring has started`, {
      code: 'notInThisState',
      params: { state: round.state },
    });
  if (round.nominees.length === 0)
    throw new ConflictError('Nominate someone first', { code: 'nominateFirst' });
  if (round.panel.length === 0) throw new ConflictError('Name the panel first', { code: 'panelFirst' });
  const expected = expectedScores(round.panel, round.nominees);
  const unscorable = round.nominees.filter(
    (nominee) => !expected.some((pair) => pair.nomineeId === nominee.id),
  );
  if (unscorable.length > 0) {
    const nominees = unscorable.map((n) => n.name).join(', ');
    throw new ConflictError(
      `Every panel member is excluded from scoring ${nominees}; add a member without a conflict`,
      { code: 'panelCannotScore', params: { nominees } },
    );
  }
  try {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv('COMMENDATION_WORKFLOW_ARN'),
        name: round.id,
        // Step Functions answers a running execution's name with the same input as a success (the
        // round is not `scoring` yet when a second start arrives); an input of its own per request
        // makes every start but the first an ExecutionAlreadyExists, so exactly one wins.
        input: JSON.stringify({ roundId: round.id, request: randomUUID() }),
      }),
    );
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists)
      throw new ConflictError('Scoring has started already', { code: 'stepTaken' });
    throw error;
  }
  return viewWhileNominating(round);
}

/** The panel member the caller is in this round, if any. */
function memberOf(caller: Caller, round: CommendationRound) {
  return hasRole(caller, 'panel')
    ? round.panel.find((member) => member.email === caller.email.toLowerCase())
    : undefined;
}

/**
 * A panel member scores one nominee, once; an excluded pair is refused. The last score the
 * round waits for completes the panel's step.
 */
export async function submitPanelScore(
  caller: Caller,
  id: string,
  request: PanelScoreInput,
): Promise<RoundView | RoundPanelView> {
  for (let attempt = 1; ; attempt += 1) {
    const round = await loadRound(id);
    const member = memberOf(caller, round);
    if (!member) {
      throw new ForbiddenError('Only a member of this round’s panel scores it', {
        code: 'partyOnly',
        params: { role: 'panel' },
      });
    }
    if (round.state !== 'scoring') {
      throw new ConflictError(`The round is ${round.state}, not scoring`, {
        code: 'notInThisState',
        params: { state: round.state },
      });
    }
    const nominee = round.nominees.find((candidate) => candidate.id === request.nomineeId);
    if (!nominee)
      throw new ValidationError([
        { field: 'nomineeId', reason: 'is not a nominee of this round', code: 'unknownNominee' },
      ]);
    const conflict = conflictOf(member, nominee);
    if (conflict)
      throw new ForbiddenError(
        `You are excluded from scoring ${nominee.name}: ${conflict.replaceAll('-', ' ')}`,
        {
          code: 'excludedFromScoring',
          params: { nominee: nominee.name },
        },
      );
    if (await hasScored(round, nominee.id, member.email)) {
      throw new ConflictError(`You scored ${nominee.name} already`, { code: 'stepTaken' });
    }
    // Undefined when an earlier attempt recorded this score's audit entry and stopped before
    // storing the score: the score is stored now.
    const next = applyStep(
      round,
      {
        action: 'score',
        actor: { sub: caller.sub, email: caller.email, role: 'panel' },
        eventId: `${member.email}:${nominee.id}`,
      },
      roundStepRules,
    );
    if (next) {
      try {
        await commendationTable.replace(next);
      } catch (error) {
        // Another member scored at the same moment: read again and add this entry after theirs.
        if (error instanceof ConflictError && attempt < 5) continue;
        throw error;
      }
    }
    const at = next?.updatedAt ?? now().toISOString();
    const score = { memberEmail: member.email, nomineeId: nominee.id, score: request.score, at };
    if (!(await storePanelScore(round.id, score))) {
      throw new ConflictError(`You scored ${nominee.name} already`, { code: 'stepTaken' });
    }
    const recorded = next ?? round;
    if (await isComplete(recorded)) await finishScoring(caller, recorded.id);
    return roundViewFor(caller, recorded);
  }
}

/** Every expected score is in: each stored score is one of the expected pairs, once. */
export async function isComplete(round: CommendationRound): Promise<boolean> {
  return (await panelScoreCount(round)) >= expectedScores(round.panel, round.nominees).length;
}

/** Hands the full score sheet to the waiting workflow, if it waits already (else it sees them before waiting). */
async function finishScoring(caller: Caller, roundId: string): Promise<void> {
  const taskId = taskIdFor('collect-panel-scores', roundId);
  if ((await getTask(taskId))?.status !== 'open') return;
  await completeTask(caller, taskId, 'submit', undefined, { complete: true }).catch((error: unknown) => {
    // Completed by a concurrent last score: one completion is all the workflow needs.
    if (!(error instanceof ConflictError)) throw error;
  });
}

/** A round as the bureau sees it: everything, every score. */
export type RoundView = WithAuditTrail<CommendationRound> & {
  readonly scores: readonly PanelScore[];
};

export async function getRoundForCaller(caller: Caller, id: string): Promise<RoundView | RoundPanelView> {
  return roundViewFor(caller, await loadRound(id));
}

/** The one place that shapes a round for its reader: the bureau everything, a panel member their view. */
async function roundViewFor(caller: Caller, round: CommendationRound): Promise<RoundView | RoundPanelView> {
  const member = hasRole(caller, 'admin') ? undefined : memberOf(caller, round);
  if (!hasRole(caller, 'admin') && !member) throw notYours('commendationRound', 'round');
  if (member) return roundPanelView(round, member, await panelScoresOf(round));
  const [withTrail, scores] = await Promise.all([
    commendationTable.withAuditTrail(round),
    panelScoresOf(round),
  ]);
  return { ...withTrail, scores };
}

/**
 * The rounds, newest first, a page at a time: the bureau's all, a panel member's those they sit
 * on. There is one round a year, so filtering the rounds' one partition (by member, state or
 * year) reads few items; a member's page may be short.
 */
export async function listRoundsForCaller(
  caller: Caller,
  filters: ListFilters,
  page: PageRequest,
): Promise<ListPage<CommendationRound | RoundForPanel>> {
  const admin = hasRole(caller, 'admin');
  const found = await commendationTable.listPage(
    {
      list: 'commendation-rounds',
      sources: [sourceOf(commendationIndexes.byCreatedAt, 'entity', 'round', 'createdAt')],
      order: 'newestFirst',
    },
    page,
    (round) =>
      (admin || memberOf(caller, round) !== undefined) &&
      inState(filters.state)(round) &&
      (filters.year === undefined || round.year === filters.year),
  );
  if (admin) return found;
  // A panel member reads each of their rounds as the panel sees it.
  return {
    ...found,
    items: found.items.flatMap((round) => {
      const member = memberOf(caller, round);
      return member ? [roundForPanel(round, member)] : [];
    }),
  };
}

/** The published list, for everyone: rank, name, institution, mean score. Nothing before publication. */
export async function publishedList(id: string) {
  const round = await commendationTable.get(id);
  if (round?.state !== 'published')
    throw noSuchRecord('publishedCommendations', id, 'published commendation list');
  const byId = new Map(round.nominees.map((nominee) => [nominee.id, nominee]));
  return {
    year: round.year,
    publishedAt: round.publishedAt,
    commended: (round.ranking ?? []).map((ranked) => ({
      rank: ranked.rank,
      name: byId.get(ranked.nomineeId)?.name ?? '',
      institution: byId.get(ranked.nomineeId)?.institution ?? '',
      meanScore: ranked.meanScore,
    })),
  };
}
