/** The agreement table's index names, shared with infra. */
export const agreementIndexes = {
  byCommissioner: 'byCommissioner',
  byEnterprise: 'byEnterprise',
  byInstitution: 'byInstitution',
  byUpdatedAt: 'byUpdatedAt',
} as const;
