/** The application table's index names, shared with infra so the table and its readers cannot drift apart. */
export const applicationIndexes = {
  byApplicant: 'byApplicant',
  byInstitution: 'byInstitution',
  byUpdatedAt: 'byUpdatedAt',
  /** The bureau's list in one state (a year of it a range), newest first; of a year, every state's merged. */
  byState: 'byState',
} as const;
