import { isDeepStrictEqual } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { requireEnv } from '#shared/config.ts';
import { ConflictError } from '#shared/errors.ts';
import { inBatches } from '#shared/records/inBatches.ts';
import {
  type Revisable,
  type Revision,
  revisionIdFor,
  type StoredRevision,
  withNewRevision,
} from '#shared/records/revisions.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** Revisions read at once, as audit pages and report versions are. */
const revisionsPerRead = 10;

/** The revisions' items of one kind of record, in the record's own table. */
export class RevisionStore<Form> {
  private readonly items: VersionedTable<StoredRevision<Form>>;

  constructor(
    private readonly tableVariable: string,
    private readonly noun: string,
  ) {
    this.items = new VersionedTable<StoredRevision<Form>>(tableVariable, `${noun} revision`);
  }

  private item(recordId: string, revision: number, form: Form): StoredRevision<Form> {
    return { id: revisionIdFor(recordId, revision), recordId, revision, form, version: 1 };
  }

  /**
   * The first revision, before its record is created. The record's id comes from the caller's
   * Idempotency-Key, so a repeated request finds its own first form here and goes on; a
   * different form under the same key is a conflict and overwrites nothing.
   */
  async storeFirst(recordId: string, form: Form): Promise<void> {
    if (await this.items.create(this.item(recordId, 1, form))) return;
    const existing = await this.items.get(revisionIdFor(recordId, 1));
    // Compared as values: DynamoDB keeps no order of a map's keys.
    if (!isDeepStrictEqual(existing?.form, form)) {
      throw new ConflictError(`This Idempotency-Key was already used for a different ${this.noun}`, {
        code: 'idempotencyKeyReused',
      });
    }
  }

  /**
   * A resubmitted revision, before the record refers to it. Only the workflow's step writes it,
   * for the record's next number: nothing refers to that item yet, so a retried step (or one
   * re-run after a crash between this write and the record's) simply writes it again.
   */
  async store(recordId: string, revision: number, form: Form): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: requireEnv(this.tableVariable),
        Item: this.item(recordId, revision, form),
      }),
    );
  }

  /**
   * The record with `form` as its next revision (a resubmit step's `enrich`): the revision's own
   * item is stored first, so the record never refers to one that is not there.
   */
  async revise<Record extends Revisable<Form>>(record: Record, form: Form, at: string): Promise<Record> {
    const revised = withNewRevision(record, form, at);
    await this.store(revised.id, revised.revision, revised.form);
    return revised;
  }

  /** Every revision of the record in full, in order, read from their own items. */
  async readAll(record: Revisable<Form>): Promise<Revision<Form>[]> {
    return inBatches(record.revisions, revisionsPerRead, async (summary) => {
      // A record written before revisions had items of their own keeps each form in its summary.
      const inline = (summary as Partial<Revision<Form>>).form;
      if (inline !== undefined)
        return { revision: summary.revision, submittedAt: summary.submittedAt, form: inline };
      const stored = await this.items.get(summary.revisionId);
      if (!stored) throw new Error(`Revision ${summary.revision} of ${this.noun} ${record.id} is missing`);
      return { revision: summary.revision, submittedAt: summary.submittedAt, form: stored.form };
    });
  }
}
