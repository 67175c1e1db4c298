/** The agreement and report-period tables' index names, shared with infra. */
export const agreementIndexes = {
  byCommissioner: 'byCommissioner',
  byEnterprise: 'byEnterprise',
  byInstitution: 'byInstitution',
  byUpdatedAt: 'byUpdatedAt',
} as const;

export const reportPeriodIndexes = {
  byAgreement: 'byAgreement',
  /** Partitioned by due date, so what falls due on a day is one query (the reminder job's read). */
  byDue: 'byDue',
} as const;
