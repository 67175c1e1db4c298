import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { clockOffsetMs, now, setClockOffsetMs } from '#shared/clock.ts';

/**
 * The embedded runtime's clock: real time plus an offset that only grows, kept on disk
 * so a restart does not travel back in time.
 */
export class LocalClock {
  constructor(
    private readonly file: string | undefined,
    private readonly onAdvance: () => Promise<void>,
  ) {}

  async load(): Promise<void> {
    if (!this.file) return;
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    if (text) setClockOffsetMs((JSON.parse(text) as { offsetMs: number }).offsetMs);
  }

  read(): { now: string; offsetMs: number } {
    return { now: now().toISOString(), offsetMs: clockOffsetMs() };
  }

  /** Moves the clock forward, then lets everything that fell due run before answering. */
  async advance(seconds: number): Promise<{ now: string; offsetMs: number }> {
    setClockOffsetMs(clockOffsetMs() + seconds * 1000);
    if (this.file) {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(`${this.file}.tmp`, JSON.stringify({ offsetMs: clockOffsetMs() }));
      await rename(`${this.file}.tmp`, this.file);
    }
    await this.onAdvance();
    return this.read();
  }
}
