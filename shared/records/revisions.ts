import { ConflictError } from '#shared/errors.ts';

/**
 * The most revisions a record may have (the first submission and 49 resubmissions). Far more
 * than a real review needs (a bureau that returns something dozens of times rejects it), and
 * small enough that every limit holds with room to spare: the record keeps about 115 bytes a
 * revision (under 6 KB for all of them, against DynamoDB's 400 KB); a response with every
 * revision in full stays under 1 MB (a maximal form is under 20 KB of JSON) against Lambda's
 * 6 MB; one execution's return-and-resubmit rounds stay a few thousand events against
 * Step Functions' 25,000.
 */
export const maxRevisions = 50;

/** What the record keeps of each revision: the form itself is in the revision's own item. */
export interface RevisionSummary {
  readonly revision: number;
  readonly submittedAt: string;
  /** The id of the revision's item, `revisionIdFor(recordId, revision)`. */
  readonly revisionId: string;
}

/** One revision in full, as readers see it. */
export interface Revision<Form> {
  readonly revision: number;
  readonly submittedAt: string;
  readonly form: Form;
}

/**
 * A revision's form as stored: its own item of the record's table, with no index attribute so
 * no index sees it. Written before the record refers to it; never changed once referred to.
 */
export interface StoredRevision<Form> {
  readonly id: string;
  readonly recordId: string;
  readonly revision: number;
  readonly form: Form;
  readonly version: 1;
}

/** A record whose form is edited and resubmitted, keeping every version. */
export interface Revisable<Form> {
  readonly id: string;
  readonly revision: number;
  /** The current revision's form, which tasks, matching and lists read. */
  readonly form: Form;
  readonly revisions: readonly RevisionSummary[];
}

/** Derived from the record and the number, so a repeated write of a revision lands on the same item. */
export const revisionIdFor = (recordId: string, revision: number) => `${recordId}.revision-${revision}`;

export const firstRevision = (recordId: string, submittedAt: string): RevisionSummary => ({
  revision: 1,
  submittedAt,
  revisionId: revisionIdFor(recordId, 1),
});

/** Refuses a resubmission past `maxRevisions`, naming the limit. */
export function assertRevisionAllowed(record: Revisable<unknown>, noun: string): void {
  if (record.revision >= maxRevisions) {
    throw new ConflictError(
      `The ${noun} has reached the limit of ${maxRevisions} revisions; it cannot be resubmitted again`,
      { code: 'revisionLimit', params: { max: maxRevisions } },
    );
  }
}

/** The record with `form` as its new current revision; earlier revisions' summaries are kept as they were. */
export function withNewRevision<Form, Record extends Revisable<Form>>(
  record: Record,
  form: Form,
  at: string,
): Record {
  const revision = record.revision + 1;
  return {
    ...record,
    form,
    revision,
    revisions: [
      ...record.revisions,
      { revision, submittedAt: at, revisionId: revisionIdFor(record.id, revision) },
    ],
  };
}
