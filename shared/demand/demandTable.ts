import type { Demand, DemandView } from '#shared/demand/model.ts';
import type { DemandForm } from '#shared/demand/schema.ts';
import {
  type DemandPartyView,
  demandBureauView,
  demandPartyView,
  demandReaderOf,
} from '#shared/demand/views.ts';
import { type Caller, organizationKey } from '#shared/identity.ts';
import { RevisionStore } from '#shared/records/revisionStore.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

export const demandTable = new StagedTable<Demand>('DEMAND_TABLE', 'demand', (demand) => ({
  entity: 'demand',
  enterpriseKey: organizationKey(demand.poster.organization),
}));

/** Each revision's form, in its own item of the same table. */
export const demandRevisions = new RevisionStore<DemandForm>('DEMAND_TABLE', 'demand');

/**
 * The demand as `caller` sees it: every revision, read from their items, and for the bureau its
 * whole audit trail.
 */
export async function viewDemand(demand: Demand, caller: Caller): Promise<DemandView | DemandPartyView> {
  const revisions = await demandRevisions.readAll(demand);
  return demandReaderOf(caller, demand) === 'bureau'
    ? demandBureauView(await demandTable.withAuditTrail(demand), revisions)
    : demandPartyView(demand, revisions, caller);
}
