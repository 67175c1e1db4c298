/** The report table's index names, shared with infra. */
export const reportIndexes = {
  /** Every period of an agreement, in order. */
  byAgreement: 'byAgreement',
  /**
   * Sparse: only reports still awaiting their submission, partitioned by due date. What the
   * reminder job must chase on a day is one query per reminder date, whatever the table holds.
   */
  awaitingByDue: 'awaitingByDue',
  /**
   * Sparse: only accepted reports, in one partition sorted by the period's last day, projecting
   * only what the statistics read (`acceptedContributionAttributes`): a year is a range of the
   * sort key, and no report's versions or audit trail are read for it.
   */
  acceptedContributions: 'acceptedContributions',
} as const;

/**
 * The attributes the accepted-reports index projects besides its keys and the table's (`id`,
 * `acceptedPartition`, `end`): what the statistics read of a report, and nothing else.
 */
export const acceptedContributionAttributes = [
  'start',
  'commissioner',
  'institution',
  'enterprise',
  'acceptedCounts',
] as const;
