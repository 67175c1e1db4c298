import type { Demand, DemandView } from '#shared/demand/model.ts';
import type { DemandForm } from '#shared/demand/schema.ts';
import { organizationKey } from '#shared/identity.ts';
import { RevisionStore } from '#shared/records/revisionStore.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

export const demandTable = new VersionedTable<Demand>('DEMAND_TABLE', 'demand', (demand) => ({
  entity: 'demand',
  enterpriseKey: organizationKey(demand.poster.organization),
}));

/** Each revision's form, in its own item of the same table. */
export const demandRevisions = new RevisionStore<DemandForm>('DEMAND_TABLE', 'demand');

/** The demand with every revision read from its item. */
export async function viewDemand(demand: Demand): Promise<DemandView> {
  return { ...demand, revisions: await demandRevisions.readAll(demand) };
}
