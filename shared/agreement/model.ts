import type { Cadence } from '#shared/agreement/periods.ts';
import type { AgreementAction, AgreementState } from '#shared/agreement/states.ts';
import type { OutcomeCounts } from '#shared/outcomes.ts';
import type { ImportMark } from '#shared/programmeImport/importMark.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';

export const signingParties = ['commissioner', 'institution', 'enterprise'] as const;
export type SigningParty = (typeof signingParties)[number];

export interface AgreementTerms {
  readonly termStart: string;
  readonly termEnd: string;
  readonly goals: OutcomeCounts;
  readonly cadence: Cadence;
}

/** What was signed, by whom and when: the hash names the exact terms signed. */
export interface Signature {
  readonly party: SigningParty | 'bureau';
  /**
   * Who signed. A paper signature the bureau recorded is the bureau's user here, with
   * `by.onBehalfOf` naming the party and the bureau's reason.
   */
  readonly by: ActorRef;
  readonly at: string;
  readonly termsHash: string;
}

/** The bureau changed how often the agreement reports, from period `fromPeriod` (starting `from`) on. */
export interface CadenceChange {
  readonly cadence: Cadence;
  readonly fromPeriod: number;
  readonly from: string;
  readonly reason: string;
  readonly by: ActorRef;
  readonly at: string;
}

/**
 * A tripartite cooperation agreement drafted from a dispatch. Its signed terms never
 * change; a later change of cadence is recorded beside them.
 */
export interface Agreement extends StagedRecord<AgreementState, AgreementAction> {
  /** The dispatch and demand it was drafted from; absent on an agreement signed before the system (imported). */
  readonly dispatchId?: string;
  readonly demandId?: string;
  readonly parties: {
    readonly commissioner: { readonly sub: string; readonly name: string; readonly email: string };
    readonly institution: { readonly name: string; readonly email: string };
    readonly enterprise: { readonly name: string; readonly email: string };
  };
  readonly terms: AgreementTerms;
  readonly termsHash: string;
  readonly signatures: readonly Signature[];
  readonly cadenceChanges?: readonly CadenceChange[];
  /** Set on an agreement signed before the system, brought in by an import. */
  readonly imported?: ImportMark;
}

/** The cadence the agreement reports on now: the signed one, or the last change. */
export function currentCadence(agreement: Agreement): Cadence {
  return agreement.cadenceChanges?.at(-1)?.cadence ?? agreement.terms.cadence;
}
