import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { now } from '#shared/clock.ts';
import { emailTransport, requireEnv } from '#shared/config.ts';
import type { EmailParam, EmailTemplate } from '#shared/email/catalogue.ts';
import { EmailDeliveryUnknownError, EmailRefusedError } from '#shared/email/deliveryErrors.ts';
import type { Deliver, Delivery } from '#shared/email/outgoingEmail.ts';
import { commonEmailLanguage } from '#shared/email/recipientLanguage.ts';
import { renderEmail } from '#shared/email/render.ts';

/** A claim older than this belongs to an attempt that crashed between claiming and sending. */
const staleClaimMs = 5 * 60 * 1000;

export interface EmailRequest {
  /** The same key is sent at most once while its first send succeeded or is under way. */
  readonly dedupeKey: string;
  readonly to: readonly string[];
  readonly template: EmailTemplate;
  readonly params: Readonly<Record<string, EmailParam>>;
}

/** The deployment's transport, loaded on first use: a function imports only the mail library it sends with. */
async function transport(): Promise<Deliver> {
  return emailTransport() === 'smtp'
    ? (await import('#shared/email/smtpDelivery.ts')).deliverBySmtp
    : (await import('#shared/email/sesDelivery.ts')).deliverBySes;
}

/**
 * Claims the key with a conditional write, sends (through SES, or SMTP where SES does not exist),
 * then marks it sent. A second run (a retried task, a reminder job run twice) finds the claim and
 * sends nothing; a send that failed before the message could have gone releases the claim so the
 * retry can send, and one whose outcome is unknown keeps it (`unconfirmed`), so nothing is sent twice.
 */
export async function sendEmailOnce(request: EmailRequest): Promise<'sent' | 'already-sent'> {
  const table = requireEnv('EMAIL_LOG_TABLE');
  // Loaded before claiming: a transport that cannot load must not leave a claim behind.
  const deliver = await transport();
  const language = await commonEmailLanguage(request.to);
  const claimedAt = now();
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table,
        Item: {
          id: request.dedupeKey,
          status: 'sending',
          claimedAt: claimedAt.toISOString(),
          template: request.template,
          to: request.to,
        },
        ConditionExpression: 'attribute_not_exists(id) OR (#status = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':stale': new Date(claimedAt.getTime() - staleClaimMs).toISOString(),
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-sent';
    throw error;
  }
  const rendered = renderEmail(request.template, request.params, language);
  let delivery: Delivery;
  try {
    delivery = await deliver({ key: request.dedupeKey, to: request.to, ...rendered });
  } catch (error) {
    if (error instanceof EmailDeliveryUnknownError) {
      // Kept, not released: the message may have gone, and a retry must not send it again.
      await markClaim(table, request.dedupeKey, 'unconfirmed', { reason: error.message });
    } else {
      await dynamo().send(new DeleteCommand({ TableName: table, Key: { id: request.dedupeKey } }));
    }
    throw error;
  }
  await markClaim(table, request.dedupeKey, 'sent', {
    messageId: delivery.messageId,
    ...(delivery.refused.length > 0 ? { refused: delivery.refused } : {}),
  });
  if (delivery.refused.length > 0) {
    throw new EmailRefusedError(
      `The mail server took the email for ${request.to.filter((to) => !delivery.refused.includes(to)).join(', ')} but refused ${delivery.refused.join(', ')}`,
    );
  }
  return 'sent';
}

/** Records how the send ended on its claim, with the transport's details. */
async function markClaim(
  table: string,
  key: string,
  status: 'sent' | 'unconfirmed',
  details: Readonly<Record<string, string | readonly string[]>>,
): Promise<void> {
  const names = Object.keys(details);
  await dynamo().send(
    new UpdateCommand({
      TableName: table,
      Key: { id: key },
      UpdateExpression: `SET #status = :status, ${status === 'sent' ? 'sentAt' : 'endedAt'} = :at${names.map((name) => `, #${name} = :${name}`).join('')}`,
      ExpressionAttributeNames: {
        '#status': 'status',
        ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
      },
      ExpressionAttributeValues: {
        ':status': status,
        ':at': now().toISOString(),
        ...Object.fromEntries(names.map((name) => [`:${name}`, details[name]])),
      },
    }),
  );
}
