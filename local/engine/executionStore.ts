import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateMachineDefinition } from './asl.ts';
import type { ExecutionRecord } from './executionRecord.ts';

/** What ListExecutions needs of an execution that has ended; the rest is read back from the store. */
export type FinishedExecution = Pick<
  ExecutionRecord,
  'executionArn' | 'stateMachineArn' | 'stateMachineName' | 'name' | 'status' | 'startDate' | 'stopDate'
>;

export function finishedExecutionOf(record: ExecutionRecord): FinishedExecution {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    stateMachineName: record.stateMachineName,
    name: record.name,
    status: record.status,
    startDate: record.startDate,
    ...(record.stopDate !== undefined ? { stopDate: record.stopDate } : {}),
  };
}

export interface StoredState {
  /** Whole, to be resumed. */
  running: ExecutionRecord[];
  /** Only their summaries: their records stay in the store until asked for. */
  finished: FinishedExecution[];
  definitions: Map<string, StateMachineDefinition>;
}

export interface ExecutionStore {
  load(): Promise<StoredState>;
  saveDefinition(hash: string, definition: StateMachineDefinition): Promise<void>;
  saveExecution(record: ExecutionRecord): Promise<void>;
  /** The last saved record of an execution that has ended. */
  readFinished(execution: FinishedExecution): Promise<ExecutionRecord>;
}

/**
 * Keeps nothing across a restart and costs no I/O; an ended execution's record is kept as its
 * JSON text (there is nowhere else to read its history back from).
 */
export class InMemoryExecutionStore implements ExecutionStore {
  private readonly finishedRecords = new Map<string, string>();

  async load(): Promise<StoredState> {
    return { running: [], finished: [], definitions: new Map() };
  }

  async saveDefinition(): Promise<void> {}

  async saveExecution(record: ExecutionRecord): Promise<void> {
    if (record.status !== 'RUNNING') this.finishedRecords.set(record.executionArn, JSON.stringify(record));
  }

  async readFinished(execution: FinishedExecution): Promise<ExecutionRecord> {
    const text = this.finishedRecords.get(execution.executionArn);
    if (text === undefined) throw new Error(`No record was kept of ${execution.executionArn}`);
    return JSON.parse(text) as ExecutionRecord;
  }
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
    const running: ExecutionRecord[] = [];
    const finished: FinishedExecution[] = [];
    for (const file of await readdir(this.executionsDir)) {
      const path = join(this.executionsDir, file);
      if (file.endsWith(TEMPORARY_SUFFIX)) {
        // Left by a crash before its rename: the previous version of that execution is intact.
        await rm(path, { force: true });
      } else if (file.endsWith('.json')) {
        const record = JSON.parse(await readFile(path, 'utf8')) as ExecutionRecord;
        if (record.status === 'RUNNING') running.push(record);
        else finished.push(finishedExecutionOf(record));
      }
    }
    return { running, finished, definitions };
  }

  async readFinished(execution: FinishedExecution): Promise<ExecutionRecord> {
    const path = join(this.executionsDir, `${executionFileStem(execution)}.json`);
    return JSON.parse(await readFile(path, 'utf8')) as ExecutionRecord;
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
