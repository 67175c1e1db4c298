import { now } from '#shared/clock.ts';
import { recordServing } from '#shared/commissioner/commissionerPool.ts';
import { requireEnv } from '#shared/config.ts';
import { demandTable } from '#shared/demand/demandTable.ts';
import { demandStepRules } from '#shared/demand/demandWorkflow.ts';
import { dispatchTable } from '#shared/dispatch/dispatchTable.ts';
import { dispatchTaskView } from '#shared/dispatch/dispatchTasks.ts';
import type { Dispatch } from '#shared/dispatch/model.ts';
import {
  type DispatchAction,
  type DispatchActor,
  type DispatchState,
  dispatchTransitions,
} from '#shared/dispatch/states.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { recordStep } from '#shared/records/recordStep.ts';
import { applyStep, lastReason, type StepInput, type StepRules } from '#shared/records/stagedRecord.ts';
import { tellPartyOfActOnBehalf } from '#shared/tasks/actingOnBehalf.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { cancelOpenTask } from '#shared/tasks/taskService.ts';

/*
 * The dispatch workflow's steps, each safe to run twice (a retry, or a re-run after a
 * crash): every write names the event it applies.
 */

const dispatchStepRules: StepRules<DispatchState, DispatchAction, DispatchActor> = {
  transitions: dispatchTransitions,
  noun: 'a dispatch',
  actorKind: (actor) =>
    actor.role === 'admin' || actor.role === 'commissioner' || actor.role === 'enterprise'
      ? actor.role
      : 'system',
};

async function loadDispatch(id: string): Promise<Dispatch> {
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw noSuchRecord('dispatch', id);
  return dispatch;
}

export interface RecordDispatchStepInput extends StepInput<DispatchAction> {
  readonly dispatchId: string;
  /** Whose answer an accept or decline is. */
  readonly party?: 'commissioner' | 'enterprise';
}

/** Applies one transition of a dispatch, with what it decides: an answer, or a ruling on objections. */
export const recordDispatchStep = recordStep<Dispatch, RecordDispatchStepInput>({
  table: dispatchTable,
  rules: dispatchStepRules,
  id: (input) => input.dispatchId,
  enrich: (next, input) => {
    const decided = next.recentAudit.at(-1);
    if (decided && input.party && (input.action === 'accept' || input.action === 'decline')) {
      return {
        ...next,
        acceptances: {
          ...next.acceptances,
          [input.party]: {
            decision: input.action,
            by: decided.actor,
            at: decided.at,
            ...(decided.reason ? { reason: decided.reason } : {}),
          },
        },
      };
    }
    if (decided && (input.action === 'uphold' || input.action === 'dismiss')) {
      const ruling = {
        decision: input.action,
        by: decided.actor,
        at: decided.at,
        ...(decided.reason ? { reason: decided.reason } : {}),
      };
      // One ruling covers every objection: they are taken only during the notice, before it.
      return { ...next, ruling, standingObjections: 0 };
    }
    return next;
  },
  // Also on a replayed step: the email may not have gone out before the retry (it is sent once).
  followUp: (recorded, input) => tellPartyIfOnBehalf(recorded, input),
});

/** A party's answer the bureau recorded for it: the party is told, and why. */
async function tellPartyIfOnBehalf(dispatch: Dispatch, input: RecordDispatchStepInput): Promise<void> {
  if (!input.party) return;
  await tellPartyOfActOnBehalf({
    outcome: input.outcome,
    subject: dispatchTaskView(`accept-dispatch-${input.party}`, dispatch),
    partyName: input.party === 'commissioner' ? dispatch.commissioner.name : dispatch.enterprise.name,
  });
}

/** Both accepted: the public notice opens for `noticeSeconds`; returns when it closes. */
export async function openNotice(input: {
  dispatchId: string;
  noticeSeconds: number;
  eventId: string;
}): Promise<{ closesAt: string }> {
  const dispatch = await loadDispatch(input.dispatchId);
  const next = applyStep(dispatch, { action: 'open_notice', eventId: input.eventId }, dispatchStepRules);
  if (!next) return { closesAt: dispatch.notice?.closesAt ?? now().toISOString() };
  const opensAt = now();
  const notice = {
    opensAt: opensAt.toISOString(),
    closesAt: new Date(opensAt.getTime() + input.noticeSeconds * 1000).toISOString(),
  };
  await dispatchTable.replace({ ...next, notice });
  return { closesAt: notice.closesAt };
}

/** The notice closed: a standing objection holds the dispatch for the bureau; otherwise it is made. */
export async function closeNotice(input: {
  dispatchId: string;
  eventId: string;
}): Promise<{ standingObjections: number }> {
  const dispatch = await loadDispatch(input.dispatchId);
  const standing = dispatch.standingObjections;
  const next = applyStep(
    dispatch,
    { action: standing > 0 ? 'hold_for_objection' : 'dispatch', eventId: input.eventId },
    dispatchStepRules,
  );
  if (next) await dispatchTable.replace(next);
  return { standingObjections: standing };
}

async function tellParties(dispatch: Dispatch, template: EmailTemplate, to: string[], eventId: string) {
  const subject = dispatchTaskView('rule-on-objection', dispatch);
  await sendEmailOnce({
    dedupeKey: `${eventId}:${template}`,
    to,
    template,
    params: { ...subject.emailParams, link: consoleLink(subject.consolePath), deadline: '' },
  });
}

/** The commissioner is dispatched: the demand is served, the commissioner's load grows, everyone is told. */
export async function completeDispatch(input: {
  dispatchId: string;
  eventId: string;
}): Promise<{ done: true }> {
  const dispatch = await loadDispatch(input.dispatchId);
  const demand = await demandTable.get(dispatch.demandId);
  if (!demand) throw noSuchRecord('demand', dispatch.demandId);
  const served = applyStep(demand, { action: 'dispatch', eventId: input.eventId }, demandStepRules);
  if (served) await demandTable.replace(served);
  await recordServing(dispatch.commissioner.id, dispatch.id);
  await tellParties(
    dispatch,
    'dispatch-confirmed',
    [
      dispatch.commissioner.email,
      dispatch.enterprise.contactEmail,
      dispatch.commissioner.researchOfficeEmail,
    ],
    input.eventId,
  );
  return { done: true };
}

/**
 * The dispatch did not go ahead (a decline, a missed deadline, an upheld objection): the
 * demand goes back to matching with the reason, and tasks nobody needs any more are withdrawn.
 */
export async function returnToMatching(input: {
  dispatchId: string;
  eventId: string;
}): Promise<{ done: true }> {
  const dispatch = await loadDispatch(input.dispatchId);
  await Promise.all(
    (['accept-dispatch-commissioner', 'accept-dispatch-enterprise'] as const).map((kind) =>
      cancelOpenTask(taskIdFor(kind, dispatch.id)),
    ),
  );
  const reason = lastReason(dispatch) || dispatch.state;
  const demand = await demandTable.get(dispatch.demandId);
  if (!demand) throw noSuchRecord('demand', dispatch.demandId);
  const rematched = applyStep(demand, { action: 'rematch', reason, eventId: input.eventId }, demandStepRules);
  if (rematched) {
    const { dispatchId: _ended, ...withoutDispatch } = rematched;
    await demandTable.replace(withoutDispatch);
  }
  await tellParties(
    dispatch,
    'dispatch-not-made',
    [requireEnv('BUREAU_EMAIL'), dispatch.enterprise.contactEmail],
    input.eventId,
  );
  return { done: true };
}
