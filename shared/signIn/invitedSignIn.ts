import { now } from '#shared/clock.ts';
import { bindsInvitations } from '#shared/config.ts';
import { type Claims, verifiedEmailOf } from '#shared/identity.ts';
import {
  claimedBy,
  claimInvitedMember,
  invitedMemberId,
  isInvitedMemberId,
  membershipTable,
  removeClaimedMember,
} from '#shared/membership/membershipTable.ts';
import type { Membership } from '#shared/membership/model.ts';
import { systemActor } from '#shared/records/stagedRecord.ts';

/**
 * The membership of a signed-in subject: the one under its own id, or else (in the function that
 * binds invitations) the bureau's invitation of the token's verified address, which the first
 * sign-in binds to the subject (see `bindInvitation`). An id that names an invitation is never a
 * subject's own, whatever a provider issues. A subject with neither is an applicant.
 */
export async function memberSigningIn(
  sub: string,
  claims: Claims | undefined,
): Promise<Membership | undefined> {
  if (isInvitedMemberId(sub)) return undefined;
  const member = await membershipTable.get(sub);
  if (member) return member;
  const email = bindsInvitations() ? verifiedEmailOf(claims) : undefined;
  return email ? bindInvitation(sub, email) : undefined;
}

/**
 * With an external provider the bureau's invitation knows only the address, so its member waits
 * under `invitedMemberId(email)`. The first sign-in whose token vouches for that address binds it:
 * the invited record is claimed for the subject (which freezes it), copied under the subject with
 * its whole trail and an entry saying so, then removed. Each step is a single conditional write
 * that is safe to repeat, so a sign-in that died in between is finished by the next request; any
 * other subject with the same address gets nothing from it.
 */
export async function bindInvitation(sub: string, email: string): Promise<Membership | undefined> {
  const invitedId = invitedMemberId(email);
  const invited = await membershipTable.get(invitedId);
  if (!invited) return undefined;
  const claimant = claimedBy(invited);
  if (claimant !== undefined && claimant !== sub) return undefined;
  // Refused when the bureau changed it since it was read, or another subject claimed it first:
  // this request is then an applicant's, and the next one tries again.
  if (claimant === undefined && !(await claimInvitedMember(invited, sub))) return undefined;
  const claimed = await membershipTable.get(invitedId);
  if (claimed && claimedBy(claimed) === sub) {
    const { claimedBy: _claimant, ...record } = claimed as Membership & { claimedBy?: string };
    const at = now().toISOString();
    const version = record.version + 1;
    await membershipTable.create({
      ...record,
      id: sub,
      version,
      updatedAt: at,
      auditPages: 0,
      recentAudit: [
        ...(await membershipTable.auditTrail(claimed)),
        {
          at,
          actor: systemActor,
          action: 'change',
          from: record.state,
          to: record.state,
          reason: `First sign-in: the invitation of ${record.email} is now this person's sign-in (${sub})`,
          eventId: `${sub}:${version}`,
        },
      ],
    });
    await removeClaimedMember(invitedId, sub);
  }
  return membershipTable.get(sub);
}
