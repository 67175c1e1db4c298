import type { ActorRef } from '#shared/records/stagedRecord.ts';

/** What every imported record keeps of where it came from: the import, its file, who and when. */
export interface ImportMark {
  readonly importId: string;
  /** The workbook's file name as uploaded. */
  readonly fileName: string;
  /** SHA-256 of the workbook's bytes, hex. */
  readonly fileHash: string;
  /** The row it was read from: the sheet, the row's number and its key (a reference, an email). */
  readonly row: { readonly sheet: string; readonly number: number; readonly key: string };
  readonly by: ActorRef;
  readonly at: string;
}
