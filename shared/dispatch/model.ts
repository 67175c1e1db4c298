import type { DispatchAction, DispatchState } from '#shared/dispatch/states.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';

export interface Acceptance {
  readonly decision: 'accept' | 'decline';
  readonly by: ActorRef;
  readonly at: string;
  readonly reason?: string;
}

export interface Objection {
  readonly id: string;
  readonly by: { readonly sub: string; readonly email: string };
  readonly at: string;
  readonly reason: string;
  readonly ruling?: {
    readonly decision: 'uphold' | 'dismiss';
    readonly by: ActorRef;
    readonly at: string;
    readonly reason?: string;
  };
}

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
  readonly objections: readonly Objection[];
}

/** One dispatch per (demand, commissioner): proposing the same commissioner again is a conflict. */
export function dispatchIdFor(demandId: string, commissionerId: string): string {
  return `${demandId}.${commissionerId}`;
}
