import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { applicationIndexes } from '#shared/application/applicationIndexes.ts';
import type { Application } from '#shared/application/model.ts';
import { dynamo } from '#shared/aws/clients.ts';
import { requireEnv } from '#shared/config.ts';
import { ConflictError } from '#shared/errors.ts';
import { organizationKey } from '#shared/identity.ts';

const tableName = () => requireEnv('APPLICATION_TABLE');

/** Attributes that exist only to key the indexes. */
interface IndexKeys {
  readonly entity: 'application';
  readonly applicantSub: string;
  readonly institutionKey: string;
}

function toItem(application: Application): Application & IndexKeys {
  return {
    ...application,
    entity: 'application',
    applicantSub: application.applicant.sub,
    institutionKey: organizationKey(application.form.homeInstitution),
  };
}

function fromItem(item: Record<string, unknown>): Application {
  const { entity: _entity, applicantSub: _sub, institutionKey: _institution, ...application } = item;
  return application as unknown as Application;
}

export async function getApplication(id: string): Promise<Application | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: { id }, ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** Creates a new application; false when one with this id exists already. */
export async function createApplication(application: Application): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName(),
        Item: toItem(application),
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Replaces the application only if nobody wrote it since `next.version - 1` was read. */
export async function replaceApplication(next: Application): Promise<void> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName(),
        Item: toItem(next),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': next.version - 1 },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new ConflictError('The application was changed by someone else; reload it and try again');
    }
    throw error;
  }
}

/** Undoes a creation whose workflow could not be started, so no orphan is left behind. */
export async function deleteNewApplication(id: string): Promise<void> {
  await dynamo.send(
    new DeleteCommand({
      TableName: tableName(),
      Key: { id },
      ConditionExpression: 'version = :first',
      ExpressionAttributeValues: { ':first': 1 },
    }),
  );
}

async function queryIndex(index: string, key: string, value: string): Promise<Application[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: '#key = :value',
      ExpressionAttributeNames: { '#key': key },
      ExpressionAttributeValues: { ':value': value },
      ScanIndexForward: false,
      Limit: 200,
    }),
  );
  return Items.map(fromItem);
}

export const listApplicationsByApplicant = (sub: string) =>
  queryIndex(applicationIndexes.byApplicant, 'applicantSub', sub);

export const listApplicationsByInstitution = (institution: string) =>
  queryIndex(applicationIndexes.byInstitution, 'institutionKey', organizationKey(institution));

export const listAllApplications = () => queryIndex(applicationIndexes.byUpdatedAt, 'entity', 'application');
