import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateMachineDefinition } from './asl.ts';
import type { ExecutionRecord } from './executionRecord.ts';

export interface StoredState {
  executions: ExecutionRecord[];
  definitions: Map<string, StateMachineDefinition>;
}

export interface ExecutionStore {
  load(): Promise<StoredState>;
  saveDefinition(hash: string, definition: StateMachineDefinition): Promise<void>;
  saveExecution(record: ExecutionRecord): Promise<void>;
}

/** Keeps nothing: executions live only as long as the process (and cost no I/O). */
export class InMemoryExecutionStore implements ExecutionStore {
  async load(): Promise<StoredState> {
    return { executions: [], definitions: new Map() };
  }

  async saveDefinition(): Promise<void> {}

  async saveExecution(): Promise<void> {}
}

const READABLE_STEM = /^[\w-]{1,80}\.[\w-]{1,80}$/;
const TEMPORARY_SUFFIX = '.tmp';

/**
 * Write to a temporary file, fsync, rename: a reader (or a restart) sees the old or the new
 * content, never a torn one. The directory is not fsynced: this guards against a crashed process,
 * not a lost power supply.
 */
async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temporaryPath = `${path}.${randomUUID()}${TEMPORARY_SUFFIX}`;
  const handle = await open(temporaryPath, 'w');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporaryPath, path);
}

/**
 * `<dataDir>/executions/<machine>.<execution>.json`, one file per execution, rewritten after each
 * transition; `<dataDir>/definitions/<hash>.json` for the definitions they run.
 */
export class FileExecutionStore implements ExecutionStore {
  private readonly executionsDir: string;
  private readonly definitionsDir: string;
  private readonly savedDefinitions = new Set<string>();
  private directoriesReady: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.executionsDir = join(dataDir, 'executions');
    this.definitionsDir = join(dataDir, 'definitions');
  }

  async load(): Promise<StoredState> {
    await this.ensureDirectories();
    const definitions = new Map<string, StateMachineDefinition>();
    for (const file of await readdir(this.definitionsDir)) {
      if (!file.endsWith('.json')) continue;
      const hash = file.slice(0, -'.json'.length);
      definitions.set(hash, JSON.parse(await readFile(join(this.definitionsDir, file), 'utf8')));
      this.savedDefinitions.add(hash);
    }
    const executions: ExecutionRecord[] = [];
    for (const file of await readdir(this.executionsDir)) {
      const path = join(this.executionsDir, file);
      if (file.endsWith(TEMPORARY_SUFFIX)) {
        // Left by a crash before its rename: the previous version of that execution is intact.
        await rm(path, { force: true });
      } else if (file.endsWith('.json')) {
        executions.push(JSON.parse(await readFile(path, 'utf8')) as ExecutionRecord);
      }
    }
    return { executions, definitions };
  }

  async saveDefinition(hash: string, definition: StateMachineDefinition): Promise<void> {
    if (this.savedDefinitions.has(hash)) return;
    await this.ensureDirectories();
    await writeFileAtomically(join(this.definitionsDir, `${hash}.json`), JSON.stringify(definition));
    this.savedDefinitions.add(hash);
  }

  async saveExecution(record: ExecutionRecord): Promise<void> {
    await this.ensureDirectories();
    await writeFileAtomically(
      join(this.executionsDir, `${executionFileStem(record)}.json`),
      JSON.stringify(record),
    );
  }

  private ensureDirectories(): Promise<void> {
    this.directoriesReady ??= Promise.all([
      mkdir(this.executionsDir, { recursive: true }),
      mkdir(this.definitionsDir, { recursive: true }),
    ]).then(() => undefined);
    return this.directoriesReady;
  }
}

/** Readable when the names allow it (they usually do), else a hash of the execution ARN. */
export function executionFileStem(
  record: Pick<ExecutionRecord, 'stateMachineName' | 'name' | 'executionArn'>,
) {
  const readable = `${record.stateMachineName}.${record.name}`;
  return READABLE_STEM.test(readable)
    ? readable
    : createHash('sha256').update(record.executionArn).digest('hex').slice(0, 40);
}
