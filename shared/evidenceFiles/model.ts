import type { EvidenceFileType } from '#shared/limits.ts';
import type { ActorRef } from '#shared/records/stagedRecord.ts';

/** The records that carry evidence files. A report's files are attached to the version that lists them. */
export const fileOwnerKinds = ['report', 'application', 'agreement'] as const;
export type FileOwnerKind = (typeof fileOwnerKinds)[number];

export interface FileOwner {
  readonly kind: FileOwnerKind;
  readonly id: string;
}

/**
 * `uploading` until its content is checked; then `accepted` (kept, listed, downloadable) or
 * `refused` (its bytes deleted: the content was not of its type, or of another size).
 */
export const fileStates = ['uploading', 'accepted', 'refused'] as const;
export type FileState = (typeof fileStates)[number];

/** What a record (or a report version) lists of a file. */
export interface AttachedFile {
  readonly id: string;
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  readonly type: EvidenceFileType;
}

/** One uploaded file, in its own item: a record's files grow with its people's uploads. */
export interface EvidenceFile extends AttachedFile {
  readonly owner: FileOwner;
  readonly state: FileState;
  readonly uploadedBy: ActorRef;
  readonly uploadedAt: string;
  /** When its content was checked. */
  readonly checkedAt?: string;
  /** Why it was refused. */
  readonly refusal?: string;
  readonly version: number;
}

/**
 * Where a file's bytes are: `incoming/…` from the upload until the check (a lifecycle rule
 * deletes what is never checked), `files/…` once accepted. Ids only, never a person's file name.
 */
export const incomingKey = (file: Pick<EvidenceFile, 'owner' | 'id'>) =>
  `incoming/${file.owner.kind}/${file.owner.id}/${file.id}`;
export const acceptedKey = (file: Pick<EvidenceFile, 'owner' | 'id'>) =>
  `files/${file.owner.kind}/${file.owner.id}/${file.id}`;

/** What a record lists of a file. */
export const attached = ({ id, name, size, type }: AttachedFile): AttachedFile => ({ id, name, size, type });
