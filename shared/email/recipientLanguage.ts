import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import type { EmailLanguage } from '#shared/email/catalogue.ts';

/*
 * How each recipient reads their email, kept in the membership table beside people's rights
 * (`language:<address>`, in no index): by address, since recipients are addresses, members or
 * not (an applicant has no membership).
 */
const keyOf = (address: string) => `language:${address.toLowerCase()}`;

/** The person at `address` reads their email in `language` from now on. */
export async function setEmailLanguage(address: string, language: EmailLanguage): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: requireEnv('MEMBERSHIP_TABLE'),
      Item: { id: keyOf(address), language, updatedAt: now().toISOString() },
    }),
  );
}

/** The language the person at `address` chose for their email, if they did. */
export async function emailLanguageOf(address: string): Promise<EmailLanguage | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: requireEnv('MEMBERSHIP_TABLE'),
      Key: { id: keyOf(address) },
      ConsistentRead: true,
    }),
  );
  return Item?.language as EmailLanguage | undefined;
}

/**
 * The one language every recipient chose, or undefined (the email then goes in both, Chinese
 * first) when some chose none or they chose differently. One GetItem a recipient (an email has
 * one to three): the senders are granted item reads of the table, not batch reads.
 */
export async function commonEmailLanguage(addresses: readonly string[]): Promise<EmailLanguage | undefined> {
  const chosen = await Promise.all(
    [...new Set(addresses.map((address) => address.toLowerCase()))].map(emailLanguageOf),
  );
  const [first] = chosen;
  return first !== undefined && chosen.every((language) => language === first) ? first : undefined;
}
