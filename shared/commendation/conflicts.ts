import { organizationKey } from '#shared/identity.ts';

/*
 * Conflicts of interest in a commendation round, pure so they are tested on their own: a
 * panel member never scores a nominee from their own institution, one who served their
 * enterprise, or themselves.
 */

export interface PanelMember {
  readonly email: string;
  /** The institution or enterprise the member belongs to. */
  readonly organization: string;
}

export interface NomineeTies {
  readonly email: string;
  readonly institution: string;
  readonly enterprise: string;
}

export type Conflict = 'self' | 'own-institution' | 'served-their-enterprise';

export function conflictOf(member: PanelMember, nominee: NomineeTies): Conflict | undefined {
  if (member.email.toLowerCase() === nominee.email.toLowerCase()) return 'self';
  const organization = organizationKey(member.organization);
  if (organization === organizationKey(nominee.institution)) return 'own-institution';
  if (organization === organizationKey(nominee.enterprise)) return 'served-their-enterprise';
  return undefined;
}

/** Every (member, nominee) pair that must be scored: all pairs but the excluded ones. */
export function expectedScores<Nominee extends NomineeTies & { readonly id: string }>(
  panel: readonly PanelMember[],
  nominees: readonly Nominee[],
): { readonly memberEmail: string; readonly nomineeId: string }[] {
  return panel.flatMap((member) =>
    nominees
      .filter((nominee) => conflictOf(member, nominee) === undefined)
      .map((nominee) => ({ memberEmail: member.email.toLowerCase(), nomineeId: nominee.id })),
  );
}

/**
 * The members who could score no nominee at all, each with their conflict per nominee: naming
 * one is most likely a mistake (a wrong organisation), so the console asks before saving.
 */
export function excludedFromEveryNominee<
  Member extends PanelMember,
  Nominee extends NomineeTies & { readonly id: string },
>(
  panel: readonly Member[],
  nominees: readonly Nominee[],
): {
  readonly member: Member;
  readonly conflicts: readonly { readonly nomineeId: string; readonly conflict: Conflict }[];
}[] {
  if (nominees.length === 0) return [];
  return panel.flatMap((member) => {
    const conflicts = nominees.flatMap((nominee) => {
      const conflict = conflictOf(member, nominee);
      return conflict ? [{ nomineeId: nominee.id, conflict }] : [];
    });
    return conflicts.length === nominees.length ? [{ member, conflicts }] : [];
  });
}
