import type { Demand, DemandView } from '#shared/demand/model.ts';
import type { DemandForm } from '#shared/demand/schema.ts';
import { organizationKey } from '#shared/identity.ts';
import { RevisionStore } from '#shared/records/revisionStore.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

export const demandTable = new StagedTable<Demand>('DEMAND_TABLE', 'demand', (demand) => ({
  entity: 'demand',
  enterpriseKey: organizationKey(demand.poster.organization),
}));

/** Each revision's form, in its own item of the same table. */
export const demandRevisions = new RevisionStore<DemandForm>('DEMAND_TABLE', 'demand');

/** The demand as its readers see it: every revision and its whole audit trail, read from their items. */
export async function viewDemand(demand: Demand): Promise<DemandView> {
  const [withTrail, revisions] = await Promise.all([
    demandTable.withAuditTrail(demand),
    demandRevisions.readAll(demand),
  ]);
  return { ...withTrail, revisions };
}
