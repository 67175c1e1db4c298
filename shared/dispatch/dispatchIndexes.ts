/** The dispatch table's index names, shared with infra. */
export const dispatchIndexes = {
  byDemand: 'byDemand',
  byCommissioner: 'byCommissioner',
  byEnterprise: 'byEnterprise',
  byState: 'byState',
  /** Sparse: only objection items carry its key. */
  objectionsByDispatch: 'objectionsByDispatch',
} as const;
