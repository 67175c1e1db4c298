/** The demand table's index names, shared with infra. */
export const demandIndexes = {
  byEnterprise: 'byEnterprise',
  byUpdatedAt: 'byUpdatedAt',
  /** The bureau's list in one state (a year a range of it), newest first; of a year, every state's merged. */
  byState: 'byState',
} as const;
