import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '#shared/aws/s3.ts';
import { chinaDate } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { ConflictError, noSuchRecord } from '#shared/errors.ts';
import {
  type ImportContext,
  writeImportedRow,
  writeOtherPeriods,
} from '#shared/programmeImport/importedRecords.ts';
import { importTable, problemPageTable, stagedChunkTable } from '#shared/programmeImport/importTable.ts';
import {
  chunkBytes,
  chunkIdFor,
  type ImportCursor,
  type ImportPhase,
  importPhases,
  type ProgrammeImport,
  problemPageIdFor,
  problemsPerPage,
  rowsPerChunk,
  type WriteCounts,
  workbookKey,
} from '#shared/programmeImport/model.ts';
import type { ImportedRow } from '#shared/programmeImport/workbookCheck.ts';
import { type ImportSheet, importSheets } from '#shared/programmeImport/workbookLayout.ts';
import { checkWorkbook } from '#shared/programmeImport/workbookReader.ts';
import { reminderPolicyFrom } from '#shared/report/reminders.ts';
import { UnreadableWorkbookError } from '#shared/spreadsheet/xlsxReader.ts';

/*
 * The import's workflow steps (`workflows/programmeImport.ts`): check the workbook, wait for the
 * bureau, write it a chunk of rows per page. Each carries the import's id only.
 */

async function loadImport(importId: string): Promise<ProgrammeImport> {
  const record = await importTable.get(importId);
  if (!record) throw noSuchRecord('import', importId);
  return record;
}

const noRows = (): Record<ImportSheet, number> => ({
  institutions: 0,
  enterprises: 0,
  commissioners: 0,
  agreements: 0,
  reports: 0,
});

/** Downloads the workbook to a file of its own (Lambda's /tmp), hashing it on the way. */
async function downloadWorkbook(importId: string, path: string): Promise<string> {
  const { Body } = await s3().send(
    new GetObjectCommand({ Bucket: requireEnv('EVIDENCE_BUCKET'), Key: workbookKey(importId) }),
  );
  if (!Body) throw new Error(`The workbook of ${importId} has no body`);
  const hash = createHash('sha256');
  await pipeline(
    Body as NodeJS.ReadableStream,
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    }),
    createWriteStream(path),
  );
  return hash.digest('hex');
}

/**
 * Stages a sheet's rows in chunks as the check hands them over: a chunk is written once full,
 * so the memory holds one chunk per sheet. A retried check writes the same chunks again (the
 * same rows in the same order), which finds them there.
 */
class ChunkWriter {
  private readonly pending = new Map<ImportSheet, { rows: ImportedRow[]; bytes: number }>();
  readonly chunks = noRows();

  constructor(private readonly importId: string) {}

  async add(row: ImportedRow): Promise<void> {
    const bytes = Buffer.byteLength(JSON.stringify(row));
    const pending = this.pending.get(row.sheet) ?? { rows: [], bytes: 0 };
    if (pending.rows.length >= rowsPerChunk || pending.bytes + bytes > chunkBytes)
      await this.flush(row.sheet);
    const current = this.pending.get(row.sheet) ?? { rows: [], bytes: 0 };
    current.rows.push(row);
    current.bytes += bytes;
    this.pending.set(row.sheet, current);
  }

  async flushAll(): Promise<void> {
    for (const sheet of importSheets) await this.flush(sheet);
  }

  private async flush(sheet: ImportSheet): Promise<void> {
    const pending = this.pending.get(sheet);
    if (!pending || pending.rows.length === 0) return;
    await stagedChunkTable.create({
      id: chunkIdFor(this.importId, sheet, this.chunks[sheet]),
      version: 1,
      rows: pending.rows,
    });
    this.chunks[sheet] += 1;
    this.pending.delete(sheet);
  }
}

/**
 * Workflow task: reads the uploaded workbook and checks every row; stages the rows that pass and
 * pages the problems. Refused with any problem (nothing of the programme is written either way).
 */
export async function checkImport(input: { importId: string }): Promise<{ passed: boolean }> {
  const record = await loadImport(input.importId);
  if (record.state === 'refused' || record.state === 'checked') return { passed: record.state === 'checked' };
  if (record.state !== 'checking') {
    throw new ConflictError(`The import is ${record.state}, not checking`, {
      code: 'notInThisState',
      params: { state: record.state },
    });
  }
  const directory = await mkdtemp(join(tmpdir(), 'import-'));
  const checkedOn = chinaDate(now());
  try {
    const path = join(directory, 'workbook.xlsx');
    const fileHash = await downloadWorkbook(record.id, path);
    const chunks = new ChunkWriter(record.id);
    const at = now().toISOString();
    let result: Awaited<ReturnType<typeof checkWorkbook>>;
    try {
      result = await checkWorkbook(path, checkedOn, (row) => chunks.add(row));
    } catch (error) {
      if (!(error instanceof UnreadableWorkbookError)) throw error;
      await importTable.replace({
        ...record,
        state: 'refused',
        fileHash,
        checkedOn,
        unreadable: error.message,
        problemCount: 0,
        problemPages: 0,
        version: record.version + 1,
        updatedAt: at,
      });
      return { passed: false };
    }
    await chunks.flushAll();
    const problemPages = Math.ceil(result.problems.length / problemsPerPage);
    for (let page = 0; page < problemPages; page += 1) {
      await problemPageTable.create({
        id: problemPageIdFor(record.id, page),
        version: 1,
        problems: result.problems.slice(page * problemsPerPage, (page + 1) * problemsPerPage),
      });
    }
    const passed = result.problemCount === 0;
    await importTable.replace({
      ...record,
      state: passed ? 'checked' : 'refused',
      fileHash,
      checkedOn,
      rows: result.rows,
      chunks: chunks.chunks,
      problemCount: result.problemCount,
      problemPages,
      version: record.version + 1,
      updatedAt: at,
    });
    return { passed };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Workflow task: keeps the token the workflow waits on, for the bureau's confirmation to send. */
export async function awaitConfirmation(input: { importId: string; taskToken: string }): Promise<void> {
  const record = await loadImport(input.importId);
  if (record.state !== 'checked' || record.confirmToken === input.taskToken) return;
  await importTable.replace({
    ...record,
    confirmToken: input.taskToken,
    version: record.version + 1,
    updatedAt: now().toISOString(),
  });
}

/** Workflow task: a week passed without the bureau confirming; the import is left as checked, expired. */
export async function recordImportExpired(input: { importId: string }): Promise<void> {
  const record = await loadImport(input.importId);
  if (record.state !== 'checked') return;
  const { confirmToken: _token, ...rest } = record;
  await importTable.replace({
    ...rest,
    state: 'expired',
    version: record.version + 1,
    updatedAt: now().toISOString(),
  });
}

/** The chunks a phase goes through: a sheet's own, or (for the other periods) the agreements' again. */
const chunksOf = (record: ProgrammeImport, phase: ImportPhase) =>
  record.chunks?.[phase === 'periods' ? 'agreements' : phase] ?? 0;

/** The cursor of the first chunk at or after `cursor`, or undefined when every phase is done. */
function nextChunk(record: ProgrammeImport, cursor: ImportCursor): ImportCursor | undefined {
  for (let phase = importPhases.indexOf(cursor.phase); phase < importPhases.length; phase += 1) {
    const name = importPhases[phase] as ImportPhase;
    const chunk = name === cursor.phase ? cursor.chunk : 0;
    if (chunk < chunksOf(record, name)) return { phase: name, chunk };
  }
  return undefined;
}

function contextOf(record: ProgrammeImport): ImportContext {
  if (!record.confirmedBy || !record.confirmedAt || !record.fileHash || !record.checkedOn) {
    throw new Error(`The import ${record.id} is importing without its confirmation or its check`);
  }
  return {
    importId: record.id,
    fileName: record.name,
    fileHash: record.fileHash,
    by: record.confirmedBy,
    at: record.confirmedAt,
    today: record.checkedOn,
    policy: reminderPolicyFrom(process.env),
  };
}

/**
 * Workflow task: writes the next chunk of rows and records how far the import has come (on the
 * version read, so a retry after the record was written goes on from there instead of counting
 * the chunk twice). The last chunk marks the import imported.
 */
export async function importPage(input: { importId: string }): Promise<{ more: boolean }> {
  const record = await loadImport(input.importId);
  if (record.state === 'imported') return { more: false };
  if (record.state !== 'importing') {
    throw new ConflictError(`The import is ${record.state}, not importing`, {
      code: 'notInThisState',
      params: { state: record.state },
    });
  }
  const cursor = nextChunk(record, record.cursor ?? { phase: importPhases[0], chunk: 0 });
  const at = now().toISOString();
  if (cursor) {
    const context = contextOf(record);
    const sheet = cursor.phase === 'periods' ? 'agreements' : cursor.phase;
    const chunk = await stagedChunkTable.get(chunkIdFor(record.id, sheet, cursor.chunk));
    if (!chunk) throw new Error(`Chunk ${cursor.chunk} of ${sheet} of ${record.id} is missing`);
    let counts: WriteCounts = record.written?.[cursor.phase] ?? { created: 0, present: 0 };
    let invited = record.invited ?? 0;
    for (const row of chunk.rows) {
      if (cursor.phase === 'periods') {
        const periods = await writeOtherPeriods(row, context);
        counts = { created: counts.created + periods.created, present: counts.present + periods.present };
        if (periods.invited) invited += 1;
      } else {
        const outcome = await writeImportedRow(row, context);
        counts = { ...counts, [outcome]: counts[outcome] + 1 };
      }
    }
    const next = nextChunk(record, { phase: cursor.phase, chunk: cursor.chunk + 1 });
    const { cursor: _read, confirmToken: _token, ...rest } = record;
    await importTable.replace({
      ...rest,
      written: { ...record.written, [cursor.phase]: counts },
      invited,
      ...(next ? { cursor: next } : { state: 'imported', importedAt: at }),
      version: record.version + 1,
      updatedAt: at,
    });
    return { more: next !== undefined };
  }
  const { cursor: _read, confirmToken: _token, ...rest } = record;
  await importTable.replace({
    ...rest,
    state: 'imported',
    importedAt: at,
    version: record.version + 1,
    updatedAt: at,
  });
  return { more: false };
}

/** Workflow task: the check or the import failed after its retries; the bureau sees why. */
export async function recordImportFailure(input: {
  importId: string;
  failure: { Error?: string; Cause?: string };
}): Promise<void> {
  const record = await loadImport(input.importId);
  if (record.state === 'imported' || record.state === 'failed') return;
  const { confirmToken: _token, ...rest } = record;
  await importTable.replace({
    ...rest,
    state: 'failed',
    failure: { error: input.failure.Error ?? 'Unknown', cause: input.failure.Cause ?? '' },
    version: record.version + 1,
    updatedAt: now().toISOString(),
  });
}
