import { createHash, randomUUID } from 'node:crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from '#shared/aws/clients.ts';
import { requireEnv } from '#shared/config.ts';
import { ConflictError } from '#shared/errors.ts';
import type { VersionedTable } from '#shared/records/versionedTable.ts';

/**
 * The id of a new record: the same caller sending the same Idempotency-Key gets the same
 * id, so a retried request finds the first record instead of creating a second.
 */
export function recordIdFor(callerSub: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  const hash = createHash('sha256').update(`${callerSub}\n${idempotencyKey}`).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

/**
 * Stores a new record and starts its workflow (named by the record's id, so a repeat start
 * is the same execution). If the start fails the record is removed again: nothing is
 * left half-written. False when a record with that id existed already.
 */
export async function createAndStartWorkflow<Item extends { readonly id: string; readonly version: number }>(
  table: VersionedTable<Item>,
  record: Item,
  stateMachineVariable: string,
  input: Record<string, unknown>,
): Promise<boolean> {
  if (!(await table.create(record))) return false;
  try {
    await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv(stateMachineVariable),
        name: record.id,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    await table.deleteNew(record.id);
    throw error;
  }
  return true;
}

/**
 * Stores a newly submitted form's record and starts its workflow once. A request repeated
 * with the same Idempotency-Key (so the same id) returns the first record, provided it was
 * made from the same form; a different form under that key is a conflict.
 */
export async function submitOnce<
  Form,
  Item extends {
    readonly id: string;
    readonly version: number;
    readonly revisions: readonly { readonly form: Form }[];
  },
>(
  table: VersionedTable<Item>,
  record: Item,
  stateMachineVariable: string,
  input: Record<string, unknown>,
  noun: string,
): Promise<{ record: Item; replayed: boolean }> {
  if (await createAndStartWorkflow(table, record, stateMachineVariable, input)) {
    return { record: (await table.get(record.id)) ?? record, replayed: false };
  }
  const first = await table.get(record.id);
  if (!first) throw new ConflictError('The first request with this Idempotency-Key is still being processed');
  if (JSON.stringify(first.revisions[0]?.form) !== JSON.stringify(record.revisions[0]?.form)) {
    throw new ConflictError(`This Idempotency-Key was already used for a different ${noun}`);
  }
  return { record: first, replayed: true };
}
