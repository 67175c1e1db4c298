import type { Role } from '#shared/identity.ts';
import type { AuditEntry, StagedRecord } from '#shared/records/stagedRecord.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';

export const membershipStates = ['active', 'disabled'] as const;
export type MembershipState = (typeof membershipStates)[number];
export type MembershipAction = 'invite' | 'change' | 'disable' | 'enable';

/** The roles that act for one organisation: a research office or an enterprise. */
export const organizationRoles: readonly Role[] = ['institution', 'enterprise'];

/** What a change of roles or organisation changed, beside who, when and why. */
export interface MembershipChanges {
  readonly roles?: { readonly from: readonly Role[]; readonly to: readonly Role[] };
  readonly organization?: { readonly from: string | null; readonly to: string | null };
}

export interface MembershipAuditEntry extends AuditEntry<MembershipState, MembershipAction> {
  readonly changes?: MembershipChanges;
}

/**
 * One person's rights, keyed by their identity's subject (`id` is the `sub`): the only source
 * of what they may do. Whatever a token or a user profile says about roles is ignored.
 */
export interface Membership extends StagedRecord<MembershipState, MembershipAction> {
  /** Lower case: an address is one person. */
  readonly email: string;
  readonly roles: readonly Role[];
  /** Only for research-office and enterprise members; exactly one. */
  readonly organization?: string;
  /** The user's name in the identity directory (Cognito's username), for disabling and enabling them. */
  readonly directoryUsername: string;
  /** The invitation that created it: a retried invitation finds its own membership, another one a conflict. */
  readonly invitationId: string;
  readonly recentAudit: readonly MembershipAuditEntry[];
}

/** A person as the People API shows them. */
export interface Person {
  readonly sub: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly organization?: string;
  readonly state: MembershipState;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type PersonWithAudit = Person & { readonly audit: WithAuditTrail<Membership>['audit'] };

export function personOf(membership: Membership): Person {
  return {
    sub: membership.id,
    email: membership.email,
    roles: membership.roles,
    ...(membership.organization ? { organization: membership.organization } : {}),
    state: membership.state,
    version: membership.version,
    createdAt: membership.createdAt,
    updatedAt: membership.updatedAt,
  };
}
