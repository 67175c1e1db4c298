import type { Assessment } from '#shared/assessment/model.ts';
import type { Rubric } from '#shared/assessment/rubric.ts';
import type { ActorRef } from '#shared/records/stagedRecord.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** The assessment table's index names, shared with infra. */
export const assessmentIndexes = {
  /** Every assessment of a programme year. */
  byYear: 'byYear',
} as const;

export const assessmentTable = new StagedTable<Assessment>('ASSESSMENT_TABLE', 'assessment');

/** The programme's settings, one item each; the rubric is the first. */
export interface RubricSetting {
  readonly id: 'rubric';
  readonly version: number;
  readonly rubric: Rubric;
  readonly updatedAt: string;
  readonly updatedBy: ActorRef;
}

export const settingsTable = new VersionedTable<RubricSetting>('SETTINGS_TABLE', 'setting');
