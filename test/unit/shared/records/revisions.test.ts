import { describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/errors.ts';
import {
  assertRevisionAllowed,
  firstRevision,
  maxRevisions,
  type Revisable,
  revisionIdFor,
  withNewRevision,
} from '#shared/records/revisions.ts';

const at = '2027-03-01T08:00:00.000Z';
const record: Revisable<{ text: string }> & { state: string } = {
  id: 'app-1',
  state: 'returned',
  revision: 1,
  form: { text: '第一版' },
  revisions: [firstRevision('app-1', '2027-02-01T08:00:00.000Z')],
};

describe('revisions', () => {
  it('names each revision item after its record and number', () => {
    expect(revisionIdFor('app-1', 3)).toBe('app-1.revision-3');
    expect(firstRevision('app-1', at)).toEqual({
      revision: 1,
      submittedAt: at,
      revisionId: 'app-1.revision-1',
    });
  });

  it('makes the new form current and adds only its summary, keeping earlier summaries as they were', () => {
    const next = withNewRevision(record, { text: '第二版' }, at);
    expect(next).toEqual({
      id: 'app-1',
      state: 'returned',
      revision: 2,
      form: { text: '第二版' },
      revisions: [record.revisions[0], { revision: 2, submittedAt: at, revisionId: 'app-1.revision-2' }],
    });
    expect(JSON.stringify(next.revisions)).not.toContain('第二版');
  });

  it('allows resubmissions up to the limit and refuses the next with a conflict naming it', () => {
    let current = record;
    while (current.revision < maxRevisions) {
      assertRevisionAllowed(current, 'application');
      current = withNewRevision(current, { text: `第${current.revision + 1}版` }, at);
    }
    expect(current.revisions.map((summary) => summary.revision)).toEqual(
      Array.from({ length: maxRevisions }, (_, index) => index + 1),
    );
    expect(() => assertRevisionAllowed(current, 'application')).toThrow(ConflictError);
    expect(() => assertRevisionAllowed(current, 'application')).toThrow(
      `The application has reached the limit of ${maxRevisions} revisions; it cannot be resubmitted again`,
    );
  });
});
