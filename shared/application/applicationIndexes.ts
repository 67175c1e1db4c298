/** The application table's index names, shared with infra so the table and its readers cannot drift apart. */
export const applicationIndexes = {
  byApplicant: 'byApplicant',
  byInstitution: 'byInstitution',
  byUpdatedAt: 'byUpdatedAt',
} as const;
