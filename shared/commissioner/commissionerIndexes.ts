/** The commissioner table's index names, shared with infra. */
export const commissionerIndexes = {
  /**
   * Every commissioner in one partition (`poolPartition`), sorted by their last change
   * (`changedAt`): a warm reader asks for what changed since it last looked, not for the pool.
   */
  byPoolChange: 'byPoolChange',
} as const;

/** The value of `poolPartition` on every commissioner item. */
export const poolPartition = 'pool';

/**
 * What ranking reads of a commissioner, the only attributes the change index projects besides
 * its keys and the table's (`poolPartition`, `changedAt`, `id`).
 */
export const poolProfileAttributes = [
  'name',
  'institution',
  'industries',
  'technicalFields',
  'serviceAreas',
  'servingDispatchIds',
] as const;
