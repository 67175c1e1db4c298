import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonLinesJournal } from '#local/jsonLinesJournal.ts';

/*
 * The file the embedded runtime's stores append their changes to: read whole at start, a line a
 * change, a last line a crash cut short dropped from the file, any other damage refused.
 */

let folder: string;
let file: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'journal-'));
  file = join(folder, 'nested', 'changes.jsonl');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a journal of JSON lines', () => {
  it('reads nothing (undefined) before its first append, and every entry in order after', async () => {
    // Arrange
    const journal = new JsonLinesJournal<{ n: number }>(file);
    const before = await journal.read();

    // Act
    await Promise.all([1, 2, 3].map((n) => journal.append({ n })));

    // Assert
    expect(before).toBeUndefined();
    expect(await new JsonLinesJournal(file).read()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it('drops a last line a crash cut short from the file, so the next append starts a line of its own', async () => {
    // Arrange
    const journal = new JsonLinesJournal<{ n: number }>(file);
    await journal.append({ n: 1 });
    await appendFile(file, '{"n":');

    // Act
    const read = await journal.read();
    await journal.append({ n: 2 });

    // Assert
    expect(read).toEqual([{ n: 1 }]);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
  });

  it('refuses a line damaged before the last, naming the file and the line', async () => {
    // Arrange
    await new JsonLinesJournal(file).append({ n: 1 });
    await writeFile(file, '{"n":1}\n{"n":\n{"n":3}\n');

    // Act
    const reading = new JsonLinesJournal(file).read();

    // Assert
    await expect(reading).rejects.toThrow(`${file}, line 2, is damaged`);
  });

  it('rewrites the file whole, after the appends called before, with the mode it was given', async () => {
    // Arrange
    const journal = new JsonLinesJournal<{ n: number }>(file, { mode: 0o600 });
    const appended = journal.append({ n: 1 });

    // Act
    await journal.rewrite([{ n: 7 }]);

    // Assert
    await appended;
    expect(await journal.read()).toEqual([{ n: 7 }]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
