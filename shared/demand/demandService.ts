import { now } from '#shared/clock.ts';
import { readCommissionerPool } from '#shared/commissioner/poolView.ts';
import { candidatePage } from '#shared/demand/candidatePage.ts';
import { demandIndexes } from '#shared/demand/demandIndexes.ts';
import { demandRevisions, demandTable, viewDemand } from '#shared/demand/demandTable.ts';
import { type Demand, type DemandSummary, type DemandView, summarizeDemand } from '#shared/demand/model.ts';
import type { DemandForm, ResubmitDemand } from '#shared/demand/schema.ts';
import { demandStates, nextDemandState } from '#shared/demand/states.ts';
import { type DemandPartyView, demandReaderOf } from '#shared/demand/views.ts';
import { listDispatchesForDemand } from '#shared/dispatch/dispatchTable.ts';
import { type RankedCandidate, rankCandidates } from '#shared/dispatch/ranking.ts';
import {
  bureauOnly,
  ConflictError,
  ForbiddenError,
  noSuchRecord,
  notYours,
  ValidationError,
} from '#shared/errors.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import {
  bureauSources,
  inState,
  type ListFilters,
  type ListPage,
  type ListSource,
  type PageRequest,
  sourceOf,
  yearPrefix,
} from '#shared/records/pagedList.ts';
import { assertRevisionAllowed, firstRevision } from '#shared/records/revisions.ts';
import { recordIdFor, submitOnce } from '#shared/records/startWorkflow.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { completeTask } from '#shared/tasks/taskService.ts';

function enterpriseOf(caller: Caller): string {
  if (!hasRole(caller, 'enterprise') || !caller.organization) {
    throw new ForbiddenError('Only an enterprise account can post a demand', {
      code: 'roleRequired',
      params: { role: 'enterprise' },
    });
  }
  return caller.organization;
}

/**
 * An enterprise posts a demand (its form first, in the first revision's item); the bureau is
 * asked to verify it. A replay returns the first result.
 */
export async function postDemand(
  caller: Caller,
  form: DemandForm,
  idempotencyKey?: string,
): Promise<{ demand: DemandView | DemandPartyView; replayed: boolean }> {
  const organization = enterpriseOf(caller);
  if (organizationKey(form.enterpriseName) !== organizationKey(organization)) {
    throw new ValidationError([
      {
        field: 'enterpriseName',
        reason: `must be your own enterprise, ${organization}`,
        code: 'notOwnEnterprise',
        params: { organization },
      },
    ]);
  }
  const id = recordIdFor(caller.sub, idempotencyKey);
  const at = now().toISOString();
  await demandRevisions.storeFirst(id, form);
  const demand: Demand = {
    id,
    state: nextDemandState(null, 'enterprise', 'post'),
    revision: 1,
    version: 1,
    poster: { sub: caller.sub, email: caller.email, organization },
    form,
    revisions: [firstRevision(id, at)],
    auditPages: 0,
    recentAudit: [
      {
        at,
        actor: { sub: caller.sub, email: caller.email, role: 'enterprise' },
        action: 'post',
        from: null,
        to: 'awaiting_verification',
        eventId: `${id}:post`,
      },
    ],
    createdAt: at,
    updatedAt: at,
  };
  const { record, replayed } = await submitOnce(demandTable, demand, 'DEMAND_WORKFLOW_ARN', { demandId: id });
  return { demand: await viewDemand(record, caller), replayed };
}

async function readableDemand(caller: Caller, id: string): Promise<Demand> {
  const demand = await demandTable.get(id);
  if (!demand) throw noSuchRecord('demand', id);
  if (!demandReaderOf(caller, demand)) throw notYours('demand');
  return demand;
}

/** A demand with every revision in full (at most `maxRevisions`, so well within a response). */
export async function getDemandForCaller(caller: Caller, id: string): Promise<DemandView | DemandPartyView> {
  return viewDemand(await readableDemand(caller, id), caller);
}

/**
 * An enterprise sees its own demands; the bureau sees all (in a state, of a year, of an
 * enterprise), a page at a time, newest first. An enterprise's state filter is applied to its
 * own partition, so such a page may be short.
 */
export async function listDemandsForCaller(
  caller: Caller,
  filters: ListFilters,
  page: PageRequest,
): Promise<ListPage<DemandSummary>> {
  const byEnterprise = (name: string, prefix: string | undefined) => [
    sourceOf(demandIndexes.byEnterprise, 'enterpriseKey', organizationKey(name), 'createdAt', prefix),
  ];
  let sources: ListSource[];
  if (hasRole(caller, 'admin')) {
    sources = bureauSources(
      {
        entity: 'demand',
        byUpdatedAt: demandIndexes.byUpdatedAt,
        byState: demandIndexes.byState,
        states: demandStates,
        organization: byEnterprise,
      },
      filters,
    );
  } else {
    const organization = enterpriseOf(caller);
    if (filters.organization && organizationKey(filters.organization) !== organizationKey(organization)) {
      throw new ForbiddenError('An enterprise lists its own demands only', {
        code: 'notYours',
        params: { record: 'demand' },
      });
    }
    sources = byEnterprise(organization, yearPrefix(filters.year));
  }
  const found = await demandTable.listPage(
    { list: 'demands', sources, order: 'newestFirst' },
    page,
    inState(filters.state),
  );
  return { ...found, items: found.items.map(summarizeDemand) };
}

/**
 * The enterprise's revised demand for a returned one: it completes the waiting revision step. The
 * workflow records the revision a moment after SendTaskSuccess answers: the demand is answered as read.
 * Refused past `maxRevisions`, which bounds the record's summaries and a response with every revision.
 */
export async function resubmitDemand(
  caller: Caller,
  id: string,
  request: ResubmitDemand,
): Promise<DemandView | DemandPartyView> {
  const demand = await readableDemand(caller, id);
  if (!hasRole(caller, 'enterprise'))
    throw new ForbiddenError('Only the enterprise can revise its demand', {
      code: 'partyOnly',
      params: { role: 'enterprise' },
    });
  if (demand.state !== 'returned') {
    throw new ConflictError(`The demand is ${demand.state}; only a returned demand can be revised`, {
      code: 'notInThisState',
      params: { state: demand.state },
    });
  }
  if (request.baseRevision !== demand.revision) {
    throw new ConflictError(
      `The demand is at revision ${demand.revision}, not ${request.baseRevision}; reload it`,
      { code: 'changedMeanwhile' },
    );
  }
  if (organizationKey(request.form.enterpriseName) !== organizationKey(demand.poster.organization)) {
    throw new ValidationError([
      {
        field: 'form.enterpriseName',
        reason: `must stay ${demand.poster.organization}`,
        code: 'enterpriseUnchangeable',
        params: { organization: demand.poster.organization },
      },
    ]);
  }
  assertRevisionAllowed(demand, 'demand');
  await completeTask(caller, taskIdFor('revise-demand', id), 'resubmit', undefined, request.form);
  return viewDemand(demand, caller);
}

export interface Candidate extends RankedCandidate {
  readonly activeEnterprises: number;
}

/**
 * A page of the pool ranked for a verified demand, each score explained. Commissioners already
 * proposed for this demand are left out: nobody is proposed twice for the same demand. The pool
 * is ranked whole for every page (see `candidatePage`): its size is this list's limit. It is read
 * from the warm instance's copy, brought up to date with what changed since (`readCommissionerPool`).
 */
export async function candidatesForDemand(
  caller: Caller,
  id: string,
  page: PageRequest,
): Promise<ListPage<Candidate>> {
  if (!hasRole(caller, 'admin')) throw bureauOnly('matches demands');
  const demand = await readableDemand(caller, id);
  if (demand.state !== 'verified') {
    throw new ConflictError(`The demand is ${demand.state}; only a verified demand is matched`, {
      code: 'notInThisState',
      params: { state: demand.state },
    });
  }
  const [pool, dispatches] = await Promise.all([readCommissionerPool(), listDispatchesForDemand(id)]);
  const proposedBefore = new Set(dispatches.map((dispatch) => dispatch.commissioner.id));
  const candidates = pool
    .filter((commissioner) => !proposedBefore.has(commissioner.id))
    .map((commissioner) => ({
      commissionerId: commissioner.id,
      name: commissioner.name,
      institution: commissioner.institution,
      industries: commissioner.industries,
      technicalFields: commissioner.technicalFields,
      serviceAreas: commissioner.serviceAreas,
      activeEnterprises: commissioner.activeEnterprises,
    }));
  const load = new Map(candidates.map((c) => [c.commissionerId, c.activeEnterprises]));
  const profile = {
    industry: demand.form.industry,
    technicalFields: demand.form.technicalFields,
    location: demand.form.location,
  };
  const ranked = rankCandidates(profile, candidates).map((each) => ({
    ...each,
    activeEnterprises: load.get(each.commissionerId) ?? 0,
  }));
  return candidatePage(ranked, { id, profile }, page);
}
