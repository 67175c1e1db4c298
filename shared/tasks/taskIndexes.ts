/** Both indexes are sparse: only open tasks carry their keys, so reads grow with what is pending. */
export const taskIndexes = {
  openByAssignee: 'openByAssignee',
  openByAge: 'openByAge',
} as const;
