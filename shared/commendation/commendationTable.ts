import type { CommendationRound } from '#shared/commendation/model.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

/** The commendation table's index names, shared with infra. */
export const commendationIndexes = {
  /** Every round, newest first. */
  byCreatedAt: 'byCreatedAt',
} as const;

export const commendationTable = new StagedTable<CommendationRound>(
  'COMMENDATION_TABLE',
  'commendation round',
  () => ({ entity: 'round' }),
);
