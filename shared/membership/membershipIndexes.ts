/** The membership table's index names, shared with infra. */
export const membershipIndexes = {
  /** Every member, by email. */
  byEmail: 'byEmail',
  /** One organisation's members, by email. */
  byOrganization: 'byOrganization',
} as const;
