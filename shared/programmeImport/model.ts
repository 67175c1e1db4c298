import type { CellProblem, ImportedRow } from '#shared/programmeImport/workbookCheck.ts';
import type { ImportSheet } from '#shared/programmeImport/workbookLayout.ts';
import type { ActorRef } from '#shared/records/stagedRecord.ts';

/**
 * `uploading` until the bureau asks for the check; `checking` while the workflow reads the
 * workbook (nothing written but the import's own rows); then `refused` (problems listed) or
 * `checked` (waiting for the bureau to confirm, or `expired` after a week); `importing` page by
 * page after the confirmation; `imported`, or `failed` with the reason.
 */
export const importStates = [
  'uploading',
  'checking',
  'refused',
  'checked',
  'expired',
  'importing',
  'imported',
  'failed',
] as const;
export type ImportState = (typeof importStates)[number];

/** What the import wrote of each kind: created now, or found from an earlier import (the same row again). */
export interface WriteCounts {
  readonly created: number;
  readonly present: number;
}

/** The kinds of record the import writes, in the order it writes them; `periods` are the agreements' other periods. */
export const importPhases = [
  'institutions',
  'enterprises',
  'commissioners',
  'agreements',
  'reports',
  'periods',
] as const satisfies readonly (ImportSheet | 'periods')[];
export type ImportPhase = (typeof importPhases)[number];

/** Where the import goes on: the phase, and the chunk of that phase's rows. */
export interface ImportCursor {
  readonly phase: ImportPhase;
  readonly chunk: number;
}

/**
 * One workbook brought in: its own item, beside its staged rows (in chunks, written by the check)
 * and its problems (in pages), each an item of their own.
 */
export interface ProgrammeImport {
  /** `import-<uuid>`. */
  readonly id: string;
  readonly version: number;
  readonly state: ImportState;
  /** The workbook's file name as uploaded, and its size in bytes. */
  readonly name: string;
  readonly size: number;
  readonly startedBy: ActorRef;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** SHA-256 of the workbook's bytes, hex, once checked. */
  readonly fileHash?: string;
  /** The China date the check judged "before today" by; the import writes by the same day. */
  readonly checkedOn?: string;
  /** Rows that passed, per sheet. */
  readonly rows?: Readonly<Record<ImportSheet, number>>;
  /** Chunks of staged rows, per sheet. */
  readonly chunks?: Readonly<Record<ImportSheet, number>>;
  readonly problemCount?: number;
  readonly problemPages?: number;
  /** Why the file could not be read as a workbook at all. */
  readonly unreadable?: string;
  /** The workflow's task token while it waits for the bureau's confirmation; never shown. */
  readonly confirmToken?: string;
  readonly confirmedBy?: ActorRef;
  readonly confirmedAt?: string;
  readonly cursor?: ImportCursor;
  readonly written?: Readonly<Partial<Record<ImportPhase, WriteCounts>>>;
  /** Commissioners invited to sign in: those whose agreement runs on past the import. */
  readonly invited?: number;
  readonly importedAt?: string;
  readonly failure?: { readonly error: string; readonly cause: string };
}

/** The import as the bureau reads it; `confirmable` once checked and its workflow waits for the confirmation. */
export type ImportView = Omit<ProgrammeImport, 'confirmToken'> & { readonly confirmable: boolean };

/** A chunk of a sheet's rows that passed the check, staged for the import: at most `rowsPerChunk`. */
export interface StagedChunk {
  /** `<importId>.rows.<sheet>.<n>`, from 0. */
  readonly id: string;
  readonly version: 1;
  readonly rows: readonly ImportedRow[];
}

export const chunkIdFor = (importId: string, sheet: ImportSheet, chunk: number) =>
  `${importId}.rows.${sheet}.${chunk}`;

/**
 * A chunk holds at most this many rows, and at most `chunkBytes` of them (UTF-8 JSON): a report's
 * narrative alone may be 15 KB, and an item at most 400 KB. One import page writes one chunk.
 */
export const rowsPerChunk = 100;
export const chunkBytes = 250_000;

/** A page of the problems the check found, in the order found. */
export interface ProblemPage {
  /** `<importId>.problems.<n>`, from 0. */
  readonly id: string;
  readonly version: 1;
  readonly problems: readonly CellProblem[];
}

export const problemPageIdFor = (importId: string, page: number) => `${importId}.problems.${page}`;
export const problemsPerPage = 100;

/** Where the workbook's bytes are in the evidence bucket, under the import's own prefix. */
export const workbookKey = (importId: string) => `imports/${importId}.xlsx`;
