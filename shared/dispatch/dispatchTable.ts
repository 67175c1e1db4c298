import { dispatchIndexes } from '#shared/dispatch/dispatchIndexes.ts';
import type { Dispatch } from '#shared/dispatch/model.ts';
import { organizationKey } from '#shared/identity.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

export const dispatchTable = new VersionedTable<Dispatch>('DISPATCH_TABLE', 'dispatch', (dispatch) => ({
  commissionerId: dispatch.commissioner.id,
  enterpriseKey: organizationKey(dispatch.enterprise.name),
}));

export const listDispatchesForDemand = (demandId: string) =>
  dispatchTable.query(dispatchIndexes.byDemand, 'demandId', demandId);

export const listDispatchesInState = (state: Dispatch['state']) =>
  dispatchTable.query(dispatchIndexes.byState, 'state', state);
