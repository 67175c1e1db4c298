import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { requireEnv } from '#shared/config.ts';
import { ConflictError } from '#shared/errors.ts';
import { organizationKey } from '#shared/identity.ts';
import {
  type ListPage,
  type ListSource,
  type PageRequest,
  readListPage,
  sourceOf,
} from '#shared/records/pagedList.ts';
import type { Assignee, TaskRecord } from '#shared/tasks/model.ts';
import { taskIndexes } from '#shared/tasks/taskIndexes.ts';

const tableName = () => requireEnv('TASK_TABLE');

/** The key an assignee's open tasks are found under. */
export function assigneeKey(assignee: Assignee): string {
  if (assignee.sub) return `user:${assignee.sub}`;
  if (assignee.organization) return `org:${assignee.role}:${organizationKey(assignee.organization)}`;
  return `role:${assignee.role}`;
}

function toItem(task: TaskRecord): Record<string, unknown> {
  return task.status === 'open'
    ? { ...task, openAssigneeKey: assigneeKey(task.assignee), openPartition: 'open' }
    : { ...task };
}

function fromItem(item: Record<string, unknown>): TaskRecord {
  const { openAssigneeKey: _key, openPartition: _partition, ...task } = item;
  return task as unknown as TaskRecord;
}

export async function getTask(id: string): Promise<TaskRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: { id }, ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/**
 * Writes `next` only if the stored task is still at `next.version - 1` (or absent for
 * version 1): of two concurrent writers exactly one wins and the other gets a conflict.
 */
export async function putTaskIfUnchanged(next: TaskRecord): Promise<void> {
  const condition =
    next.version === 1
      ? { ConditionExpression: 'attribute_not_exists(id)' }
      : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': next.version - 1 } };
  try {
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: toItem(next), ...condition }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new ConflictError('This task was already handled by someone else', { code: 'taskCompleted' });
    }
    throw error;
  }
}

/** Every open task, oldest first: what the bureau must see so nothing stalls unseen. */
export const openTasks = sourceOf(taskIndexes.openByAge, 'openPartition', 'open', 'openedAt');

/** The open tasks under one assignee key, oldest first. */
export const openTasksFor = (key: string) =>
  sourceOf(taskIndexes.openByAssignee, 'openAssigneeKey', key, 'openedAt');

/** A page of open tasks from `sources`, oldest first, merged (see `readListPage`). */
export function openTasksPage(
  sources: readonly ListSource[],
  request: PageRequest,
  keep?: (task: TaskRecord) => boolean,
): Promise<ListPage<TaskRecord>> {
  return readListPage<TaskRecord>(
    { list: 'tasks', sources, order: 'oldestFirst' },
    request,
    async (source, limit, startKey) => {
      const { Items = [], LastEvaluatedKey } = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: source.index,
          KeyConditionExpression: '#key = :value',
          ExpressionAttributeNames: { '#key': source.partition.attribute },
          ExpressionAttributeValues: { ':value': source.partition.value },
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      return { items: Items.map(fromItem), lastKey: LastEvaluatedKey };
    },
    keep,
  );
}
