import {
  type Dispatch,
  maxObjectionRevisions,
  type Objection,
  type ObjectionRecord,
  objectionIdFor,
} from '#shared/dispatch/model.ts';
import { ConflictError } from '#shared/errors.ts';

/**
 * An objector's objection after they file `reason`: a new one, or their standing one edited
 * (its earlier text kept in its revisions). Refused once the revisions are full, so that one
 * person's item stays bounded.
 */
export function filedObjection(
  existing: ObjectionRecord | undefined,
  filing: {
    readonly dispatchId: string;
    readonly by: { readonly sub: string; readonly email: string };
    readonly reason: string;
    readonly at: string;
  },
): ObjectionRecord {
  if (!existing) {
    return {
      id: objectionIdFor(filing.dispatchId, filing.by.sub),
      version: 1,
      dispatchId: filing.dispatchId,
      by: filing.by,
      createdAt: filing.at,
      updatedAt: filing.at,
      reason: filing.reason,
      revisions: [],
    };
  }
  if (existing.revisions.length >= maxObjectionRevisions) {
    throw new ConflictError(
      `Your objection was already edited ${maxObjectionRevisions} times; it stands as it is`,
      { code: 'revisionLimit', params: { max: maxObjectionRevisions } },
    );
  }
  return {
    ...existing,
    version: existing.version + 1,
    by: filing.by,
    updatedAt: filing.at,
    reason: filing.reason,
    revisions: [...existing.revisions, { at: existing.updatedAt, reason: existing.reason }],
  };
}

/** How a reader sees an objection: its current text, and the bureau's ruling once made. */
export function objectionView(dispatch: Dispatch, objection: ObjectionRecord): Objection {
  return {
    id: objection.id,
    by: objection.by,
    at: objection.createdAt,
    ...(objection.revisions.length > 0 ? { editedAt: objection.updatedAt } : {}),
    reason: objection.reason,
    ...(dispatch.ruling ? { ruling: dispatch.ruling } : {}),
  };
}
