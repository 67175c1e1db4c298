import { now } from '#shared/clock.ts';
import { getCommissioner } from '#shared/commissioner/commissionerPool.ts';
import { demandTable } from '#shared/demand/demandTable.ts';
import { demandStepRules } from '#shared/demand/demandWorkflow.ts';
import { dispatchIndexes } from '#shared/dispatch/dispatchIndexes.ts';
import {
  countObjection,
  dispatchTable,
  listObjections,
  objectionTable,
} from '#shared/dispatch/dispatchTable.ts';
import { type Dispatch, type DispatchView, dispatchIdFor, objectionIdFor } from '#shared/dispatch/model.ts';
import { filedObjection, objectionView } from '#shared/dispatch/objections.ts';
import { type DispatchState, dispatchStates } from '#shared/dispatch/states.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors.ts';
import type { ListFilters } from '#shared/http/listRequest.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import { type DailyQuota, takeDailyQuota } from '#shared/records/dailyQuota.ts';
import {
  inState,
  type ListPage,
  type ListSource,
  type PageRequest,
  sourceOf,
} from '#shared/records/pagedList.ts';
import { applyStep } from '#shared/records/stagedRecord.ts';
import { createAndStartWorkflow } from '#shared/records/startWorkflow.ts';

/** States the public-notice page shows to everyone signed in. */
const publicStates: readonly DispatchState[] = ['in_notice', 'under_objection'];

/**
 * The bureau proposes a commissioner for a verified demand. The demand moves to
 * `proposed` with a conditional write (so only one proposal runs at a time) and the
 * dispatch is created under an id made of the demand and the commissioner (so nobody is
 * proposed twice for the same demand); then the acceptance workflow starts.
 */
export async function proposeDispatch(
  caller: Caller,
  request: { demandId: string; commissionerId: string },
): Promise<DispatchView> {
  if (!hasRole(caller, 'admin')) throw new ForbiddenError('Only the bureau proposes dispatches');
  const [demand, commissioner] = await Promise.all([
    demandTable.get(request.demandId),
    getCommissioner(request.commissionerId),
  ]);
  if (!demand) throw new NotFoundError(`No demand ${request.demandId}`);
  if (!commissioner) {
    throw new ValidationError([{ field: 'commissionerId', reason: 'is not a commissioner in the pool' }]);
  }
  const id = dispatchIdFor(demand.id, commissioner.id);
  if (await dispatchTable.get(id)) {
    throw new ConflictError(`${commissioner.name} was already proposed for this demand`);
  }
  const actor = { sub: caller.sub, email: caller.email, role: 'admin' as const };
  const proposed = applyStep(demand, { action: 'propose', actor, eventId: `${id}:propose` }, demandStepRules);
  if (!proposed) throw new ConflictError('This proposal was already made');
  const at = now().toISOString();
  const dispatch: Dispatch = {
    id,
    demandId: demand.id,
    state: 'awaiting_acceptance',
    version: 1,
    commissioner: {
      id: commissioner.id,
      name: commissioner.name,
      email: commissioner.email,
      institution: commissioner.institution,
      researchOfficeEmail: commissioner.researchOfficeEmail,
    },
    enterprise: {
      name: demand.form.enterpriseName,
      creditCode: demand.form.creditCode,
      location: demand.form.location,
      problem: demand.form.problem,
      contactEmail: demand.form.contactEmail,
    },
    proposedBy: actor,
    acceptances: {},
    standingObjections: 0,
    auditPages: 0,
    recentAudit: [
      { at, actor, action: 'propose', from: null, to: 'awaiting_acceptance', eventId: `${id}:propose` },
    ],
    createdAt: at,
    updatedAt: at,
  };
  await demandTable.replace({ ...proposed, dispatchId: id });
  try {
    if (
      !(await createAndStartWorkflow(dispatchTable, dispatch, 'DISPATCH_WORKFLOW_ARN', {
        dispatchId: id,
        demandId: demand.id,
      }))
    ) {
      throw new ConflictError(`${commissioner.name} was already proposed for this demand`);
    }
  } catch (error) {
    // Put the demand back into matching, with the reason in its audit trail.
    const rematched = applyStep(
      { ...proposed, dispatchId: id },
      { action: 'rematch', reason: 'the proposal could not be started', eventId: `${id}:not-started` },
      demandStepRules,
    );
    if (rematched) await demandTable.replace(rematched);
    throw error;
  }
  return {
    ...(await dispatchTable.withAuditTrail((await dispatchTable.get(id)) ?? dispatch)),
    objections: [],
  };
}

function isParty(caller: Caller, dispatch: Dispatch): boolean {
  if (hasRole(caller, 'admin')) return true;
  if (hasRole(caller, 'commissioner') && caller.sub === dispatch.commissioner.id) return true;
  return (
    hasRole(caller, 'enterprise') &&
    caller.organization !== undefined &&
    organizationKey(caller.organization) === organizationKey(dispatch.enterprise.name)
  );
}

/** A dispatch with its objections, oldest first (the newest page of them, when very many were filed). */
async function withObjections(dispatch: Dispatch): Promise<DispatchView> {
  const objections = await listObjections(dispatch.id);
  return {
    ...(await dispatchTable.withAuditTrail(dispatch)),
    objections: objections.reverse().map((each) => objectionView(dispatch, each)),
  };
}

export async function getDispatchForCaller(caller: Caller, id: string): Promise<DispatchView> {
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw new NotFoundError(`No dispatch ${id}`);
  if (!isParty(caller, dispatch) && !publicStates.includes(dispatch.state)) {
    throw new ForbiddenError('This dispatch is not yours to see');
  }
  return withObjections(dispatch);
}

/**
 * The bureau sees every dispatch (in a state, of an enterprise); parties see theirs; anyone
 * signed in sees those under public notice. A page at a time, newest first: the bureau's and a
 * public state's by last change, a party's own by creation. A party's filter by a state that is
 * not public is applied to its own partitions, so such a page may be short.
 */
export async function listDispatchesForCaller(
  caller: Caller,
  filters: ListFilters,
  page: PageRequest,
): Promise<ListPage<Dispatch>> {
  const byState = (state: string) => sourceOf(dispatchIndexes.byState, 'state', state, 'updatedAt');
  const byEnterprise = (name: string) =>
    sourceOf(dispatchIndexes.byEnterprise, 'enterpriseKey', organizationKey(name), 'createdAt');
  let sources: ListSource[];
  if (hasRole(caller, 'admin')) {
    if (filters.organization) sources = [byEnterprise(filters.organization)];
    else sources = (filters.state ? [filters.state] : dispatchStates).map(byState);
  } else if (
    filters.state &&
    (publicStates as readonly string[]).includes(filters.state) &&
    !filters.organization
  ) {
    sources = [byState(filters.state)];
  } else {
    if (
      filters.organization &&
      !(
        hasRole(caller, 'enterprise') &&
        caller.organization &&
        organizationKey(filters.organization) === organizationKey(caller.organization)
      )
    ) {
      throw new ForbiddenError("Only the bureau lists another organisation's dispatches");
    }
    sources = [];
    if (hasRole(caller, 'commissioner')) {
      sources.push(sourceOf(dispatchIndexes.byCommissioner, 'commissionerId', caller.sub, 'createdAt'));
    }
    if (hasRole(caller, 'enterprise') && caller.organization) sources.push(byEnterprise(caller.organization));
  }
  return dispatchTable.listPage(
    { list: 'dispatches', sources, order: 'newestFirst' },
    page,
    inState(filters.state),
  );
}

/** Objections anyone signed in may file or edit in a day, across every notice. */
export const objectionsPerDay: DailyQuota = { act: 'file or edit objections', perDay: 30 };

/**
 * Anyone signed in may object while the notice is open, once: each person has one standing
 * objection per dispatch, in its own item, and filing again edits it (the earlier text is
 * kept in its revisions). The dispatch only counts objections, in a write that holds only
 * while the notice is open; it counts before the objection is stored, so a crash between the
 * two can only ask the bureau to rule when no objection shows, never let one go unseen.
 */
export async function fileObjection(
  caller: Caller,
  id: string,
  reason: string,
): Promise<{ dispatch: DispatchView; created: boolean }> {
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw new NotFoundError(`No dispatch ${id}`);
  const at = now().toISOString();
  const closed = () => new ConflictError('Objections are taken only while the public notice is open');
  if (dispatch.state !== 'in_notice' || !dispatch.notice || at >= dispatch.notice.closesAt) throw closed();
  const existing = await objectionTable.get(objectionIdFor(id, caller.sub));
  if (existing?.reason === reason) return { dispatch: await withObjections(dispatch), created: false };
  const next = filedObjection(existing, {
    dispatchId: id,
    by: { sub: caller.sub, email: caller.email },
    reason,
    at,
  });
  await takeDailyQuota(objectionsPerDay, caller.sub, `${next.id}#${next.version}`);
  if (!(await countObjection(id, existing ? 0 : 1, at))) throw closed();
  if (existing) {
    await objectionTable.replace(next);
  } else if (!(await objectionTable.create(next))) {
    // The same person filed twice at once and the other request stored theirs: uncount this one.
    await countObjection(id, -1, at);
    throw new ConflictError('Your objection was filed at the same moment by another request; reload it');
  }
  const counted = (await dispatchTable.get(id)) ?? dispatch;
  const view = await withObjections(counted);
  // The index that lists objections is eventually consistent on AWS: show the caller theirs as stored.
  const own = objectionView(counted, next);
  const objections = view.objections.some((each) => each.id === own.id)
    ? view.objections.map((each) => (each.id === own.id ? own : each))
    : [...view.objections, own];
  return { dispatch: { ...view, objections }, created: !existing };
}
