/** The agreement table's index names, shared with infra. */
export const agreementIndexes = {
  byCommissioner: 'byCommissioner',
  byEnterprise: 'byEnterprise',
  byInstitution: 'byInstitution',
  byUpdatedAt: 'byUpdatedAt',
  /** The bureau's list in one state (a year a range of it), newest first; of a year, every state's merged. */
  byState: 'byState',
} as const;
