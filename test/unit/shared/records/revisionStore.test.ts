import { describe, expect, it, vi } from 'vitest';
import { RevisionStore } from '#shared/records/revisionStore.ts';
import { revisionIdFor } from '#shared/records/revisions.ts';

/* Reading every revision of a record, over an in-memory table of revision items. */

const items = vi.hoisted(() => new Map<string, unknown>());

vi.mock('#shared/records/versionedTable.ts', () => ({
  VersionedTable: class {
    async get(id: string) {
      return items.get(id);
    }
  },
}));

const store = new RevisionStore<{ text: string }>('APPLICATION_TABLE', 'application');

describe('RevisionStore.readAll', () => {
  it('reads each revision from its own item, in order', async () => {
    items.set(revisionIdFor('a', 1), { form: { text: '第一版' } });
    items.set(revisionIdFor('a', 2), { form: { text: '第二版' } });
    const revisions = await store.readAll({
      id: 'a',
      revision: 2,
      form: { text: '第二版' },
      revisions: [1, 2].map((revision) => ({
        revision,
        submittedAt: `2026-0${revision}-01T00:00:00.000Z`,
        revisionId: revisionIdFor('a', revision),
      })),
    });
    expect(revisions.map((revision) => revision.form.text)).toEqual(['第一版', '第二版']);
  });

  it('reads a record written before revisions had items of their own from its summaries, losing nothing', async () => {
    const legacy = {
      id: 'old',
      revision: 2,
      form: { text: '修改版' },
      revisions: [
        { revision: 1, submittedAt: '2026-01-01T00:00:00.000Z', form: { text: '原版' } },
        { revision: 2, submittedAt: '2026-02-01T00:00:00.000Z', form: { text: '修改版' } },
      ],
    };
    const revisions = await store.readAll(legacy as unknown as Parameters<typeof store.readAll>[0]);
    expect(revisions.map((revision) => revision.form.text)).toEqual(['原版', '修改版']);
  });

  it('says which revision is missing when its item is not there', async () => {
    await expect(
      store.readAll({
        id: 'b',
        revision: 1,
        form: { text: '缺' },
        revisions: [
          { revision: 1, submittedAt: '2026-01-01T00:00:00.000Z', revisionId: revisionIdFor('b', 1) },
        ],
      }),
    ).rejects.toThrow('Revision 1 of application b is missing');
  });
});
