/** The demand table's index names, shared with infra. */
export const demandIndexes = {
  byEnterprise: 'byEnterprise',
  byUpdatedAt: 'byUpdatedAt',
} as const;
