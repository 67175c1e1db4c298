import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { requireEnv } from '#shared/config.ts';
import { dispatchIndexes } from '#shared/dispatch/dispatchIndexes.ts';
import { type Dispatch, isObjectionId, type ObjectionRecord } from '#shared/dispatch/model.ts';
import { organizationKey } from '#shared/identity.ts';
import { type PageRequest, sourceOf } from '#shared/records/pagedList.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** Dispatches share their table with their objections; an objection's id never reads as a dispatch. */
class DispatchTable extends StagedTable<Dispatch> {
  override async get(id: string): Promise<Dispatch | undefined> {
    return isObjectionId(id) ? undefined : super.get(id);
  }
}

export const dispatchTable = new DispatchTable('DISPATCH_TABLE', 'dispatch', (dispatch) => ({
  commissionerId: dispatch.commissioner.id,
  enterpriseKey: organizationKey(dispatch.enterprise.name),
}));

export const objectionTable = new VersionedTable<ObjectionRecord>(
  'DISPATCH_TABLE',
  'objection',
  (objection) => ({
    objectionOf: objection.dispatchId,
  }),
);

export const listDispatchesForDemand = (demandId: string) =>
  dispatchTable.query(dispatchIndexes.byDemand, 'demandId', demandId);

/**
 * A page of a dispatch's objections, oldest first: a reply stays bounded however many were filed
 * (one per person, and anyone signed in may object; `standingObjections` gives the count).
 */
export const objectionsPage = (dispatchId: string, request: PageRequest) =>
  objectionTable.listPage(
    {
      list: 'objections',
      sources: [sourceOf(dispatchIndexes.objectionsByDispatch, 'objectionOf', dispatchId, 'createdAt')],
      order: 'oldestFirst',
    },
    request,
  );

/**
 * Counts an objection against the dispatch (`added` is 1 for a first objection, 0 for an
 * edit, -1 to take back a count whose objection was not stored) in one conditional write that holds only while the notice is open, so no objection
 * is taken after the workflow has closed the notice: its version moves, and closing it
 * again reads the count this wrote. False when the notice is not open.
 */
export async function countObjection(dispatchId: string, added: -1 | 0 | 1, at: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: requireEnv('DISPATCH_TABLE'),
        Key: { id: dispatchId },
        UpdateExpression: 'SET #version = #version + :one, updatedAt = :at ADD standingObjections :added',
        ConditionExpression: '#state = :inNotice AND notice.closesAt > :at',
        ExpressionAttributeNames: { '#version': 'version', '#state': 'state' },
        ExpressionAttributeValues: { ':one': 1, ':at': at, ':added': added, ':inNotice': 'in_notice' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
