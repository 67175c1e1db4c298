import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { requireEnv } from '#shared/config.ts';
import { organizationKey } from '#shared/identity.ts';
import type { Membership } from '#shared/membership/model.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

/** An email address's reservation, in the membership table beside the members. */
const reservationId = (email: string) => `email#${email}`;

class MembershipTable extends StagedTable<Membership> {
  /** Reservations share the table: an id that names one is no member. */
  override async get(sub: string): Promise<Membership | undefined> {
    return sub.startsWith('email#') ? undefined : super.get(sub);
  }
}

export const membershipTable = new MembershipTable('MEMBERSHIP_TABLE', 'membership', (membership) => ({
  entity: 'member',
  organizationKey: membership.organization ? organizationKey(membership.organization) : undefined,
}));

export interface EmailReservation {
  readonly invitationId: string;
  readonly reservedAt: string;
}

/**
 * Reserves an address for one invitation: true when it is this invitation's (now, or already
 * from an earlier try of it), false when another invitation holds it.
 */
export async function reserveEmail(email: string, reservation: EmailReservation): Promise<boolean> {
  return conditionalPut(email, reservation, 'attribute_not_exists(id) OR invitationId = :mine', {
    ':mine': reservation.invitationId,
  });
}

/** Moves a reservation from an invitation that never created its member to this one. */
export async function takeOverReservation(
  email: string,
  from: EmailReservation,
  to: EmailReservation,
): Promise<boolean> {
  return conditionalPut(email, to, 'invitationId = :from', { ':from': from.invitationId });
}

export async function readReservation(email: string): Promise<EmailReservation | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: requireEnv('MEMBERSHIP_TABLE'),
      Key: { id: reservationId(email) },
      ConsistentRead: true,
    }),
  );
  return Item ? { invitationId: Item.invitationId, reservedAt: Item.reservedAt } : undefined;
}

async function conditionalPut(
  email: string,
  reservation: EmailReservation,
  condition: string,
  values: Record<string, string>,
): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: requireEnv('MEMBERSHIP_TABLE'),
        Item: { id: reservationId(email), ...reservation },
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * The id of a person the bureau invited while people sign in with an external provider, which
 * tells the system nobody's subject until they sign in: derived from the address, so that first
 * sign-in finds the invitation with one read. Never a provider's subject (see `memberSigningIn`).
 */
export function invitedMemberId(email: string): string {
  return `invited-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32)}`;
}

export function isInvitedMemberId(id: string): boolean {
  return id.startsWith('invited-');
}

/** The subject that claimed an invited member at its first sign-in, if one has. */
export function claimedBy(member: Membership): string | undefined {
  const { claimedBy: sub } = member as Membership & { claimedBy?: unknown };
  return typeof sub === 'string' ? sub : undefined;
}

/**
 * Claims an invited member for the subject signing in, at the version read: from then on its
 * record is frozen (the bureau's stale writes fail on the version, and later ones are refused)
 * until its copy under the subject exists. True when it is this subject's (now, or already).
 */
export async function claimInvitedMember(member: Membership, sub: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: requireEnv('MEMBERSHIP_TABLE'),
        Key: { id: member.id },
        UpdateExpression: 'SET claimedBy = :sub, version = :next',
        ConditionExpression: '(version = :read AND attribute_not_exists(claimedBy)) OR claimedBy = :sub',
        ExpressionAttributeValues: { ':sub': sub, ':read': member.version, ':next': member.version + 1 },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Removes an invited member once its copy under the subject that claimed it exists; a repeat does nothing. */
export async function removeClaimedMember(id: string, sub: string): Promise<void> {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: requireEnv('MEMBERSHIP_TABLE'),
        Key: { id },
        ConditionExpression: 'claimedBy = :sub',
        ExpressionAttributeValues: { ':sub': sub },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
