import type { Demand } from '#shared/demand/model.ts';
import { organizationKey } from '#shared/identity.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

export const demandTable = new StagedTable<Demand>('DEMAND_TABLE', 'demand', (demand) => ({
  entity: 'demand',
  enterpriseKey: organizationKey(demand.poster.organization),
}));
