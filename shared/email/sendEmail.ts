import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { email } from '#shared/aws/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { renderEmail } from '#shared/email/render.ts';

/** A claim older than this belongs to an attempt that crashed between claiming and sending. */
const staleClaimMs = 5 * 60 * 1000;

export interface EmailRequest {
  /** The same key is sent at most once while its first send succeeded or is under way. */
  readonly dedupeKey: string;
  readonly to: readonly string[];
  readonly template: EmailTemplate;
  readonly params: Record<string, string>;
}

/**
 * Claims the key with a conditional write, sends through SES, then marks it sent.
 * A second run (a retried task, a reminder job run twice) finds the claim and sends
 * nothing; a failed send releases the claim so the retry can send.
 */
export async function sendEmailOnce(request: EmailRequest): Promise<'sent' | 'already-sent'> {
  const table = requireEnv('EMAIL_LOG_TABLE');
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
  const rendered = renderEmail(request.template, request.params);
  let messageId: string | undefined;
  try {
    const result = await email().send(
      new SendEmailCommand({
        FromEmailAddress: requireEnv('EMAIL_FROM'),
        Destination: { ToAddresses: [...request.to] },
        Content: {
          Simple: {
            Subject: { Data: rendered.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: rendered.text, Charset: 'UTF-8' },
              Html: { Data: rendered.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
    messageId = result.MessageId;
  } catch (error) {
    await dynamo().send(new DeleteCommand({ TableName: table, Key: { id: request.dedupeKey } }));
    throw error;
  }
  await dynamo().send(
    new UpdateCommand({
      TableName: table,
      Key: { id: request.dedupeKey },
      UpdateExpression: 'SET #status = :sent, sentAt = :at, messageId = :messageId',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':at': now().toISOString(),
        ':messageId': messageId ?? '',
      },
    }),
  );
  return 'sent';
}
