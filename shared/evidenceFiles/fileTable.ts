import { countQueryItems } from '#shared/aws/queryCount.ts';
import { requireEnv } from '#shared/config.ts';
import type { EvidenceFile, FileOwner } from '#shared/evidenceFiles/model.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** The file table's index names, shared with infra. */
export const fileIndexes = {
  /** A record's files, oldest upload first. */
  byOwner: 'byOwner',
} as const;

const ownerKeyOf = (owner: FileOwner) => `${owner.kind}#${owner.id}`;

export const fileTable = new VersionedTable<EvidenceFile>('FILE_TABLE', 'file', (file) => ({
  ownerKey: ownerKeyOf(file.owner),
}));

/** A record's files (every state), oldest first. */
export function filesOf(owner: FileOwner): Promise<EvidenceFile[]> {
  return fileTable.queryAll(fileIndexes.byOwner, 'ownerKey', ownerKeyOf(owner));
}

/** How many uploads a record has had (every state), counted by the index without reading them. */
export function uploadsOf(owner: FileOwner): Promise<number> {
  return countQueryItems({
    TableName: requireEnv('FILE_TABLE'),
    IndexName: fileIndexes.byOwner,
    KeyConditionExpression: 'ownerKey = :owner',
    ExpressionAttributeValues: { ':owner': ownerKeyOf(owner) },
  });
}
