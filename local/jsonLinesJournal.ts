import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Who may read the file: the accounts' journal keeps password digests, so it is the owner's alone. */
export interface JournalOptions {
  /** @default the process's umask applied to 0o666 */
  readonly mode?: number;
}

/**
 * A file of JSON lines that each change appends one line to, so a change costs the same however
 * long the file is. The embedded runtime's stores (the scheduler's schedules, the local accounts,
 * the outbox) keep their state in one each and read it whole at start.
 *
 * A crash can only cut the last line short (an append is one write at the end). Reading skips that
 * line and writes the file again without it, since the next append would otherwise join it into a
 * damaged line in the middle; a damaged line anywhere else is refused, naming the file and line.
 */
export class JsonLinesJournal<Entry> {
  /** Writes take turns, so the lines stand in the order the changes were made. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: JournalOptions = {},
  ) {}

  /** The entries in the order they were appended; undefined when there is no file yet. */
  async read(): Promise<Entry[] | undefined> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const entries: Entry[] = [];
    for (const [index, line] of lines.entries()) {
      try {
        entries.push(JSON.parse(line) as Entry);
      } catch (error) {
        if (index < lines.length - 1) {
          throw new Error(`${this.file}, line ${index + 1}, is damaged: ${(error as Error).message}`);
        }
        await this.rewrite(entries);
      }
    }
    return entries;
  }

  /** Appends one entry as one line, after the writes called before it. */
  append(entry: Entry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    return this.inTurn(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, line, this.options);
    });
  }

  /** Replaces the file by `entries` at once (written beside it, then renamed over it), in its turn. */
  rewrite(entries: readonly Entry[]): Promise<void> {
    const lines = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    return this.inTurn(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(`${this.file}.tmp`, lines, this.options);
      await rename(`${this.file}.tmp`, this.file);
    });
  }

  /** Settles once every write called so far has been made (or has failed). */
  written(): Promise<void> {
    return this.writing;
  }

  private inTurn(write: () => Promise<void>): Promise<void> {
    const turn = this.writing.then(write);
    this.writing = turn.catch(() => undefined);
    return turn;
  }
}
