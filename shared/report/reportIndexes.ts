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
   * Sparse: only accepted reports, in one partition sorted by the period's last day. The
   * statistics read exactly these (a year is a range of the sort key), never the whole table.
   */
  acceptedByEnd: 'acceptedByEnd',
} as const;
