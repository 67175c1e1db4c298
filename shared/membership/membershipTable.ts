import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/clients.ts';
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
  const { Item } = await dynamo.send(
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
    await dynamo.send(
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
