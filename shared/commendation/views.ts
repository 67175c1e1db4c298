import { type Conflict, conflictOf, type PanelMember } from '#shared/commendation/conflicts.ts';
import type { CommendationRound, Nominee, PanelScore } from '#shared/commendation/model.ts';
import { type PartyRecord, withoutAuditTrail } from '#shared/records/readViews.ts';

/** A round as one member of its panel reads it (in a list: without scores). */
export type RoundForPanel = Omit<PartyRecord<CommendationRound>, 'nominees' | 'approvedBy'> & {
  readonly nominees: readonly Omit<Nominee, 'email' | 'institutionEmail'>[];
};

/** A round's detail as one member of its panel reads it. */
export type RoundPanelView = RoundForPanel & {
  /** The member's own scores. */
  readonly scores: readonly PanelScore[];
  /** The nominees the member may not score, and why. */
  readonly excluded: readonly { readonly nomineeId: string; readonly conflict: Conflict }[];
};

/**
 * What a panel member needs to score: each nominee's name, institution, enterprise and assessment
 * score, and themselves as the panel's only member shown. Not the nominees' or the other members'
 * emails, who else scored whom (the audit trail), nor who at the bureau approved.
 */
export function roundForPanel(round: CommendationRound, member: PanelMember): RoundForPanel {
  const { nominees, approvedBy: _approver, ...rest } = withoutAuditTrail(round);
  return {
    ...rest,
    nominees: nominees.map(({ email: _email, institutionEmail: _office, ...named }) => named),
    panel: [member],
  };
}

/** The detail: the member's own scores, and which nominees they are excluded from and why. */
export function roundPanelView(
  round: CommendationRound,
  member: PanelMember,
  scores: readonly PanelScore[],
): RoundPanelView {
  return {
    ...roundForPanel(round, member),
    scores: scores.filter((score) => score.memberEmail === member.email),
    excluded: round.nominees.flatMap((nominee) => {
      const conflict = conflictOf(member, nominee);
      return conflict ? [{ nomineeId: nominee.id, conflict }] : [];
    }),
  };
}

/** The published list, for everyone, signed in or not. */
export interface PublishedCommendations {
  readonly year: string;
  readonly publishedAt?: string;
  readonly commended: readonly {
    readonly rank: number;
    readonly name: string;
    readonly institution: string;
    readonly meanScore?: number;
  }[];
}
