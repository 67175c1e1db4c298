/** A record whose form is edited and resubmitted, keeping every version. */
export interface Revisable<Form> {
  readonly revision: number;
  readonly form: Form;
  readonly revisions: readonly {
    readonly revision: number;
    readonly submittedAt: string;
    readonly form: Form;
  }[];
}

/** The record with `form` as its new current revision; earlier revisions are kept as they were. */
export function withNewRevision<Form, Record extends Revisable<Form>>(
  record: Record,
  form: Form,
  at: string,
): Record {
  const revision = record.revision + 1;
  return { ...record, form, revision, revisions: [...record.revisions, { revision, submittedAt: at, form }] };
}
