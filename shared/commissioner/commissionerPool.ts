import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Application } from '#shared/application/model.ts';
import { dynamo } from '#shared/aws/dynamo.ts';
import { now } from '#shared/clock.ts';
import { poolPartition } from '#shared/commissioner/commissionerIndexes.ts';
import { requireEnv } from '#shared/config.ts';
import type { ImportMark } from '#shared/programmeImport/importMark.ts';

/** A commissioner in the pool: the profile from their approved application, and whom they serve. */
export interface Commissioner {
  /** The commissioner's user id (`sub`). */
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly institution: string;
  readonly researchOfficeEmail: string;
  readonly technicalFields: readonly string[];
  readonly industries: readonly string[];
  readonly serviceAreas: readonly string[];
  /** The approved application they joined by; absent for one imported from the programme's earlier years. */
  readonly applicationId?: string;
  /** The import that brought them in, for one who served before the system. */
  readonly importId?: string;
  readonly joinedAt: string;
  /** Dispatches they serve; a set, so recording one twice counts once. */
  readonly servingDispatchIds?: readonly string[];
}

const tableName = () => requireEnv('COMMISSIONER_TABLE');

/**
 * The change index's keys, set by every write: `changedAt` is the write's time and then the id, so
 * that two writes in one millisecond still have distinct, ordered keys.
 */
function changeStamp(commissionerId: string, at: string) {
  return { ':poolPartition': poolPartition, ':changedAt': `${at}#${commissionerId}` };
}

function fromItem(item: Record<string, unknown>): Commissioner {
  const serving = item.servingDispatchIds;
  return {
    ...(item as unknown as Commissioner),
    servingDispatchIds: serving instanceof Set ? [...serving].map(String).sort() : [],
  };
}

/** An approved applicant joins the pool; approving a later application refreshes the profile. */
export async function joinCommissionerPool(application: Application): Promise<void> {
  const { form } = application;
  const at = now().toISOString();
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { id: application.applicant.sub },
      UpdateExpression:
        'SET #name = :name, email = :email, phone = :phone, institution = :institution, researchOfficeEmail = :office, technicalFields = :fields, industries = :industries, serviceAreas = :areas, applicationId = :application, joinedAt = if_not_exists(joinedAt, :now), poolPartition = :poolPartition, changedAt = :changedAt',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: {
        ':name': form.name,
        ':email': application.applicant.email,
        ':phone': form.phone,
        ':institution': form.homeInstitution,
        ':office': form.researchOfficeEmail,
        ':fields': form.technicalFields,
        ':industries': form.industries,
        ':areas': form.serviceAreas,
        ':application': application.id,
        ':now': at,
        ...changeStamp(application.applicant.sub, at),
      },
    }),
  );
}

/** A commissioner of the programme's earlier years, as the import read them. */
export interface ImportedCommissionerProfile {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly homeInstitution: string;
  readonly researchOfficeEmail: string;
  readonly technicalFields: readonly string[];
  readonly industries: readonly string[];
  readonly serviceAreas: readonly string[];
}

/**
 * An imported commissioner joins the pool (a past batch may be dispatched again), joined in
 * their batch's year. One already in it (they applied here too) keeps the profile they gave.
 */
export async function importIntoPool(
  sub: string,
  profile: ImportedCommissionerProfile & { readonly batch: string },
  mark: ImportMark,
): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { id: sub },
        UpdateExpression:
          'SET #name = :name, email = :email, phone = :phone, institution = :institution, researchOfficeEmail = :office, technicalFields = :fields, industries = :industries, serviceAreas = :areas, importId = :import, joinedAt = :joined, poolPartition = :poolPartition, changedAt = :changedAt',
        ConditionExpression: 'attribute_not_exists(id)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':name': profile.name,
          ':email': profile.email,
          ':phone': profile.phone,
          ':institution': profile.homeInstitution,
          ':office': profile.researchOfficeEmail,
          ':fields': profile.technicalFields,
          ':industries': profile.industries,
          ':areas': profile.serviceAreas,
          ':import': mark.importId,
          ':joined': `${profile.batch}-01-01T00:00:00.000Z`,
          ...changeStamp(sub, mark.at),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function getCommissioner(id: string): Promise<Commissioner | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: { id }, ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** Records that the commissioner now serves the dispatch's enterprise. */
export async function recordServing(commissionerId: string, dispatchId: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { id: commissionerId },
      UpdateExpression:
        'ADD servingDispatchIds :dispatch SET poolPartition = :poolPartition, changedAt = :changedAt',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeValues: {
        ':dispatch': new Set([dispatchId]),
        ...changeStamp(commissionerId, now().toISOString()),
      },
    }),
  );
}
