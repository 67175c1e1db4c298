import { randomUUID } from 'node:crypto';
import { now } from '#shared/clock.ts';
import { getCommissioner } from '#shared/commissioner/commissionerPool.ts';
import { demandTable } from '#shared/demand/demandTable.ts';
import { demandStepRules } from '#shared/demand/demandWorkflow.ts';
import { dispatchIndexes } from '#shared/dispatch/dispatchIndexes.ts';
import { dispatchTable, listDispatchesInState } from '#shared/dispatch/dispatchTable.ts';
import { type Dispatch, dispatchIdFor } from '#shared/dispatch/model.ts';
import { type DispatchState, dispatchStates } from '#shared/dispatch/states.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import { applyStep } from '#shared/records/stagedRecord.ts';
import { createAndStartWorkflow } from '#shared/records/startWorkflow.ts';

const isDispatchState = (value: string): value is DispatchState =>
  (dispatchStates as readonly string[]).includes(value);

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
): Promise<Dispatch> {
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
    objections: [],
    audit: [
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
  return (await dispatchTable.get(id)) ?? dispatch;
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

export async function getDispatchForCaller(caller: Caller, id: string): Promise<Dispatch> {
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw new NotFoundError(`No dispatch ${id}`);
  if (!isParty(caller, dispatch) && !publicStates.includes(dispatch.state)) {
    throw new ForbiddenError('This dispatch is not yours to see');
  }
  return dispatch;
}

/**
 * The bureau sees every dispatch (or those in one state); parties see theirs; anyone
 * signed in sees those under public notice.
 */
export async function listDispatchesForCaller(
  caller: Caller,
  state: string | undefined,
): Promise<Dispatch[]> {
  if (state !== undefined) {
    if (!isDispatchState(state)) {
      throw new ValidationError([{ field: 'state', reason: `must be one of ${dispatchStates.join(', ')}` }]);
    }
    const inState = await listDispatchesInState(state);
    return inState.filter((dispatch) => publicStates.includes(dispatch.state) || isParty(caller, dispatch));
  }
  if (hasRole(caller, 'admin')) {
    const all = await Promise.all(dispatchStates.map((each) => listDispatchesInState(each)));
    return all.flat().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }
  const own: Dispatch[] = [];
  if (hasRole(caller, 'commissioner')) {
    own.push(...(await dispatchTable.query(dispatchIndexes.byCommissioner, 'commissionerId', caller.sub)));
  }
  if (hasRole(caller, 'enterprise') && caller.organization) {
    own.push(
      ...(await dispatchTable.query(
        dispatchIndexes.byEnterprise,
        'enterpriseKey',
        organizationKey(caller.organization),
      )),
    );
  }
  return own;
}

/** Anyone signed in may object while the notice is open; the bureau rules when it closes. */
export async function fileObjection(caller: Caller, id: string, reason: string): Promise<Dispatch> {
  const dispatch = await dispatchTable.get(id);
  if (!dispatch) throw new NotFoundError(`No dispatch ${id}`);
  if (dispatch.state !== 'in_notice' || !dispatch.notice || now().toISOString() >= dispatch.notice.closesAt) {
    throw new ConflictError('Objections are taken only while the public notice is open');
  }
  const next: Dispatch = {
    ...dispatch,
    version: dispatch.version + 1,
    updatedAt: now().toISOString(),
    objections: [
      ...dispatch.objections,
      { id: randomUUID(), by: { sub: caller.sub, email: caller.email }, at: now().toISOString(), reason },
    ],
  };
  await dispatchTable.replace(next);
  return next;
}
