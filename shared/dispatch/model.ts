import type { DispatchAction, DispatchState } from '#shared/dispatch/states.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';

export interface Acceptance {
  readonly decision: 'accept' | 'decline';
  readonly by: ActorRef;
  readonly at: string;
  readonly reason?: string;
}

export interface ObjectionRuling {
  readonly decision: 'uphold' | 'dismiss';
  readonly by: ActorRef;
  readonly at: string;
  readonly reason?: string;
}

/** An objection as a reader of the dispatch sees it. */
export interface Objection {
  readonly id: string;
  readonly by: { readonly sub: string; readonly email: string };
  readonly at: string;
  /** When its objector last changed its text. */
  readonly editedAt?: string;
  readonly reason: string;
  readonly ruling?: ObjectionRuling;
}

/** Earlier texts an objector may keep before the objection can no longer be edited. */
export const maxObjectionRevisions = 10;

/**
 * One person's standing objection to one dispatch, in its own item: objections grow with
 * users' actions, so they cannot live in the dispatch's item (DynamoDB's 400 KB). Filing
 * again edits it; the earlier texts are kept, at most `maxObjectionRevisions` of them, so
 * the item stays bounded.
 */
export interface ObjectionRecord {
  readonly id: string;
  readonly version: number;
  readonly dispatchId: string;
  readonly by: { readonly sub: string; readonly email: string };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly reason: string;
  readonly revisions: readonly { readonly at: string; readonly reason: string }[];
}

const objectionIdPrefix = 'objection#';

/** One objection per (dispatch, objector); the prefix keeps it apart from dispatch ids in the same table. */
export function objectionIdFor(dispatchId: string, objectorSub: string): string {
  return `${objectionIdPrefix}${dispatchId}#${objectorSub}`;
}

export const isObjectionId = (id: string) => id.startsWith(objectionIdPrefix);

/** One proposal of one commissioner for one demand, from the acceptances to the dispatch. */
export interface Dispatch extends StagedRecord<DispatchState, DispatchAction> {
  readonly demandId: string;
  readonly commissioner: {
    readonly id: string;
    readonly name: string;
    readonly email: string;
    readonly institution: string;
    readonly researchOfficeEmail: string;
  };
  /** What the commissioner is asked to accept: the demand as it was verified. */
  readonly enterprise: {
    readonly name: string;
    readonly creditCode: string;
    readonly location: string;
    readonly problem: string;
    readonly contactEmail: string;
  };
  readonly proposedBy: ActorRef;
  readonly acceptances: { readonly commissioner?: Acceptance; readonly enterprise?: Acceptance };
  readonly notice?: { readonly opensAt: string; readonly closesAt: string };
  /** Objections awaiting the bureau's ruling; the objections themselves are items of their own. */
  readonly standingObjections: number;
  /** The bureau's one ruling, on every objection filed during the notice. */
  readonly ruling?: ObjectionRuling;
}

/** A dispatch as the API shows it: with the first page of its objections. */
export interface DispatchView extends WithAuditTrail<Dispatch> {
  readonly objections: readonly Objection[];
  /** When more objections follow: the cursor of `GET /dispatches/{id}/objections` for the next page. */
  readonly objectionsCursor?: string;
}

/** One dispatch per (demand, commissioner): proposing the same commissioner again is a conflict. */
export function dispatchIdFor(demandId: string, commissionerId: string): string {
  return `${demandId}.${commissionerId}`;
}
