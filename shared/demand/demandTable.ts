import type { Demand } from '#shared/demand/model.ts';
import { organizationKey } from '#shared/identity.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

export const demandTable = new VersionedTable<Demand>('DEMAND_TABLE', 'demand', (demand) => ({
  entity: 'demand',
  enterpriseKey: organizationKey(demand.poster.organization),
}));
