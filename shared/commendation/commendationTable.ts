import type { CommendationRound } from '#shared/commendation/model.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** The commendation table's index names, shared with infra. */
export const commendationIndexes = {
  /** Every round, newest first. */
  byCreatedAt: 'byCreatedAt',
} as const;

export const commendationTable = new VersionedTable<CommendationRound>(
  'COMMENDATION_TABLE',
  'commendation round',
  () => ({ entity: 'round' }),
);
