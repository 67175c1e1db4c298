import { now } from '#shared/clock.ts';
import { getCommissioner } from '#shared/commissioner/commissionerPool.ts';
import { demandTable } from '#shared/demand/demandTable.ts';
import { demandStepRules } from '#shared/demand/demandWorkflow.ts';
import { dispatchIndexes } from '#shared/dispatch/dispatchIndexes.ts';
import {
  countObjection,
  dispatchTable,
  objectionsPage,
  objectionTable,
} from '#shared/dispatch/dispatchTable.ts';
import {
  type Dispatch,
  type DispatchView,
  dispatchIdFor,
  type Objection,
  type ObjectionRecord,
  objectionIdFor,
} from '#shared/dispatch/model.ts';
import { filedObjection, objectionView } from '#shared/dispatch/objections.ts';
import { type DispatchState, dispatchStates } from '#shared/dispatch/states.ts';
import {
  bureauView,
  type DispatchPartyView,
  type DispatchReader,
  dispatchReaderOf,
  type PublicNoticeView,
  partyView,
  publicNoticeView,
} from '#shared/dispatch/views.ts';
import {
  bureauOnly,
  ConflictError,
  ForbiddenError,
  noSuchRecord,
  notYours,
  ValidationError,
} from '#shared/errors.ts';
import { listPageSize } from '#shared/http/listRequest.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import { type DailyQuota, takeDailyQuota } from '#shared/records/dailyQuota.ts';
import {
  inState,
  type ListFilters,
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
  if (!hasRole(caller, 'admin')) throw bureauOnly('proposes dispatches');
  const [demand, commissioner] = await Promise.all([
    demandTable.get(request.demandId),
    getCommissioner(request.commissionerId),
  ]);
  if (!demand) throw noSuchRecord('demand', request.demandId);
  if (!commissioner) {
    throw new ValidationError([
      { field: 'commissionerId', reason: 'is not a commissioner in the pool', code: 'notInPool' },
    ]);
  }
  const id = dispatchIdFor(demand.id, commissioner.id);
  if (await dispatchTable.get(id)) {
    throw new ConflictError(`${commissioner.name} was already proposed for this demand`, {
      code: 'alreadyProposed',
      params: { name: commissioner.name },
    });
  }
  const actor = { sub: caller.sub, email: caller.email, role: 'admin' as const };
  const proposed = applyStep(demand, { action: 'propose', actor, eventId: `${id}:propose` }, demandStepRules);
  if (!proposed) throw new ConflictError('This proposal was already made', { code: 'stepTaken' });
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
      throw new ConflictError(`${commissioner.name} was already proposed for this demand`, {
        code: 'alreadyProposed',
        params: { name: commissioner.name },
      });
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
  return bureauView(await dispatchTable.withAuditTrail((await dispatchTable.get(id)) ?? dispatch), []);
}

/** A dispatch with the first page of its objections, oldest first, and the cursor of the next. */
async function withObjections(dispatch: Dispatch): Promise<DispatchView> {
  const [withTrail, page] = await Promise.all([
    dispatchTable.withAuditTrail(dispatch),
    objectionsPage(dispatch.id, { limit: listPageSize.defaultLimit }),
  ]);
  return bureauView(
    withTrail,
    page.items.map((each) => objectionView(dispatch, each)),
    page.nextCursor,
  );
}

/** A page of a dispatch's objections with their objectors: the bureau's alone. */
export async function objectionsForBureau(
  caller: Caller,
  id: string,
  request: PageRequest,
): Promise<ListPage<Objection>> {
  if (!hasRole(caller, 'admin')) {
    throw new ForbiddenError(
      'Only the bureau reads every objection; an objector reads theirs in the dispatch',
      { code: 'bureauOnly' },
    );
  }
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw noSuchRecord('dispatch', id);
  const page = await objectionsPage(id, request);
  return {
    items: page.items.map((each) => objectionView(dispatch, each)),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
}

/** What a reader of a dispatch is answered: the bureau everything, anyone else their view of it. */
export type DispatchAnswer = DispatchView | DispatchPartyView | PublicNoticeView;

/**
 * The one place that shapes a dispatch for its reader. `own` is the reader's objection when
 * the caller has it at hand (just filed); otherwise it is read from its item.
 */
async function readDispatch(
  caller: Caller,
  reader: DispatchReader,
  dispatch: Dispatch,
  own?: ObjectionRecord,
): Promise<DispatchAnswer> {
  if (reader === 'bureau') return withObjections(dispatch);
  const stored = own ?? (await objectionTable.get(objectionIdFor(dispatch.id, caller.sub)));
  const ownObjection = stored ? objectionView(dispatch, stored) : undefined;
  return reader === 'public'
    ? publicNoticeView(dispatch, caller, ownObjection)
    : partyView(dispatch, reader, caller, ownObjection);
}

export async function getDispatchForCaller(caller: Caller, id: string): Promise<DispatchAnswer> {
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw noSuchRecord('dispatch', id);
  const reader = dispatchReaderOf(caller, dispatch);
  if (!reader) throw notYours('dispatch');
  return readDispatch(caller, reader, dispatch);
}

/** A dispatch in a list, as its reader may see it: the bureau the record, anyone else their view without objections. */
export type DispatchListItem =
  | Dispatch
  | Omit<DispatchPartyView, 'objections'>
  | Omit<PublicNoticeView, 'objections'>;

function listItem(caller: Caller, dispatch: Dispatch): DispatchListItem[] {
  const reader = dispatchReaderOf(caller, dispatch);
  if (reader === undefined) return [];
  if (reader === 'bureau') return [dispatch];
  const { objections: _none, ...item } =
    reader === 'public'
      ? publicNoticeView(dispatch, caller, undefined)
      : partyView(dispatch, reader, caller, undefined);
  return [item];
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
): Promise<ListPage<DispatchListItem>> {
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
      throw bureauOnly("lists another organisation's dispatches");
    }
    sources = [];
    if (hasRole(caller, 'commissioner')) {
      sources.push(sourceOf(dispatchIndexes.byCommissioner, 'commissionerId', caller.sub, 'createdAt'));
    }
    if (hasRole(caller, 'enterprise') && caller.organization) sources.push(byEnterprise(caller.organization));
  }
  const found = await dispatchTable.listPage(
    { list: 'dispatches', sources, order: 'newestFirst' },
    page,
    inState(filters.state),
  );
  // Each as its reader may see it: the public a notice board's entry, a party its own view.
  return { ...found, items: found.items.flatMap((dispatch) => listItem(caller, dispatch)) };
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
): Promise<{ dispatch: DispatchAnswer; created: boolean }> {
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw noSuchRecord('dispatch', id);
  const at = now().toISOString();
  const closed = () =>
    new ConflictError('Objections are taken only while the public notice is open', {
      code: 'noticeClosed',
    });
  if (dispatch.state !== 'in_notice' || !dispatch.notice || at >= dispatch.notice.closesAt) throw closed();
  const existing = await objectionTable.get(objectionIdFor(id, caller.sub));
  const reader = dispatchReaderOf(caller, dispatch) ?? 'public';
  if (existing?.reason === reason) {
    return { dispatch: await readDispatch(caller, reader, dispatch, existing), created: false };
  }
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
    throw new ConflictError('Your objection was filed at the same moment by another request; reload it', {
      code: 'changedMeanwhile',
    });
  }
  const counted = (await dispatchTable.get(id)) ?? dispatch;
  if (reader !== 'bureau') {
    return { dispatch: await readDispatch(caller, reader, counted, next), created: !existing };
  }
  const view = await withObjections(counted);
  // The index that lists objections is eventually consistent on AWS: show the caller theirs as stored.
  const own = objectionView(counted, next);
  // Oldest first: a new objection ends the last page, so it is added only when this page is the last.
  const objections = view.objections.some((each) => each.id === own.id)
    ? view.objections.map((each) => (each.id === own.id ? own : each))
    : view.objectionsCursor === undefined
      ? [...view.objections, own]
      : view.objections;
  return { dispatch: { ...view, objections }, created: !existing };
}
