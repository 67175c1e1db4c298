import { createHash, randomUUID } from 'node:crypto';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from '#shared/aws/stepFunctions.ts';
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
 * Starts the record's workflow, named by the record's id. Step Functions treats a repeat
 * start with the same name and input as the same request while the execution runs, and
 * answers ExecutionAlreadyExists once it has closed: either way it was started.
 */
async function startOnce(recordId: string, stateMachineVariable: string, input: Record<string, unknown>) {
  try {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv(stateMachineVariable),
        name: recordId,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
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
    await startOnce(record.id, stateMachineVariable, input);
  } catch (error) {
    await table.deleteNew(record.id);
    throw error;
  }
  return true;
}

/**
 * Stores a newly submitted form's record and starts its workflow once. A request repeated
 * with the same Idempotency-Key (so the same id) returns the first record; the caller has
 * already refused a different form under that key (stored first, in the first revision's
 * item). The replay also starts the workflow: a crash between the first request's write and
 * its start left a record no execution would ever move, and the start is a no-op when one exists.
 */
export async function submitOnce<Item extends { readonly id: string; readonly version: number }>(
  table: VersionedTable<Item>,
  record: Item,
  stateMachineVariable: string,
  input: Record<string, unknown>,
): Promise<{ record: Item; replayed: boolean }> {
  if (await createAndStartWorkflow(table, record, stateMachineVariable, input)) {
    return { record: (await table.get(record.id)) ?? record, replayed: false };
  }
  const first = await table.get(record.id);
  if (!first)
    throw new ConflictError('The first request with this Idempotency-Key is still being processed', {
      code: 'stillProcessing',
    });
  await startOnce(first.id, stateMachineVariable, input);
  return { record: first, replayed: true };
}
