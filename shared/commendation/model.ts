import type { PanelMember } from '#shared/commendation/conflicts.ts';
import type { RankedNominee } from '#shared/commendation/ranking.ts';
import type { RoundAction, RoundState } from '#shared/commendation/states.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';

/** A commissioner nominated from an excellent grade of the round's year. */
export interface Nominee {
  /** The assessment nominated from. */
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly institution: string;
  readonly institutionEmail: string;
  readonly enterprise: string;
  /** The assessment's score, for the panel's information. */
  readonly assessmentScore: number;
}

/** One member's score of one nominee: an item of its own (`panelScores.ts`), not part of the round. */
export interface PanelScore {
  readonly memberEmail: string;
  readonly nomineeId: string;
  readonly score: number;
  readonly at: string;
}

export interface CommendationRound extends StagedRecord<RoundState, RoundAction> {
  /** `commendation-<year>`: one round a year. */
  readonly id: string;
  readonly year: string;
  /** At most this many nominees. */
  readonly limit: number;
  readonly nominees: readonly Nominee[];
  readonly panel: readonly PanelMember[];
  readonly ranking?: readonly RankedNominee[];
  readonly notice?: { readonly opensAt: string; readonly closesAt: string };
  readonly approvedBy?: ActorRef;
  readonly publishedAt?: string;
}

export const roundIdFor = (year: string) => `commendation-${year}`;
