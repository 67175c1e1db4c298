import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { email as sesClient } from '#shared/aws/email.ts';
import { requireEnv } from '#shared/config.ts';
import type { Deliver } from '#shared/email/outgoingEmail.ts';

/** Sends through SES v2 from `EMAIL_FROM`; SES takes the message for every recipient or refuses it whole. */
export const deliverBySes: Deliver = async (email) => {
  const result = await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: requireEnv('EMAIL_FROM'),
      Destination: { ToAddresses: [...email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
      },
    }),
  );
  return { messageId: result.MessageId ?? '', refused: [] };
};
