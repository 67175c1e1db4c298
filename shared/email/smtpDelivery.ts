import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { EmailDeliveryUnknownError, EmailRefusedError } from '#shared/email/deliveryErrors.ts';
import type { Deliver, Delivery } from '#shared/email/outgoingEmail.ts';
import { forgetSmtpSettings, type SmtpSettings, smtpSettings } from '#shared/email/smtpSettings.ts';
import { TransientError } from '#shared/errors.ts';

/** What nodemailer puts on its errors: the SMTP reply, when the server gave one. */
interface SmtpFailure extends Error {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
}

/**
 * Time limits, well inside a task function's 10 seconds: a function that times out while the
 * message is on its way leaves no record of how it ended.
 */
const limits = { connectionMs: 3_000, greetingMs: 3_000, socketMs: 4_000, wholeSendMs: 7_000 };

/**
 * Before the mail transaction (MAIL FROM, then the recipients and the message), nothing can have
 * been delivered; once it began, a connection that breaks without a reply leaves it unknown.
 */
type Phase = 'before the message' | 'during the message';

/**
 * What a failure means for the email. A server's reply decides it: 4xx is "try again later", 5xx
 * is "never". Without a reply (the connection broke, or timed out), it depends on how far the
 * send had gone.
 */
function deliveryFailure(failure: SmtpFailure, phase: Phase, settings: SmtpSettings): Error {
  const reply = failure.response ? `: ${failure.response}` : '';
  if (failure.code === 'EAUTH') {
    // Perhaps the password was rotated: the next attempt reads the secret again.
    forgetSmtpSettings();
    return failure.responseCode !== undefined && failure.responseCode < 500
      ? new TransientError(`The mail server could not check the login now${reply}`, { cause: failure })
      : new EmailRefusedError(
          `The mail server ${settings.host} refused the login of ${settings.username}${reply}`,
          { cause: failure },
        );
  }
  if (failure.responseCode !== undefined && failure.responseCode >= 400 && failure.responseCode < 500) {
    return new TransientError(`The mail server asked to try again later${reply}`, { cause: failure });
  }
  if (failure.responseCode !== undefined && failure.responseCode >= 500) {
    return new EmailRefusedError(
      `The mail server refused the email at ${failure.command ?? 'its reply'}${reply}`,
      { cause: failure },
    );
  }
  if (failure.command === 'API') {
    // nodemailer stopped before sending anything: an address it cannot send to, or a closed connection.
    return failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE'
      ? new EmailRefusedError(`The email cannot be sent: ${failure.message}`, { cause: failure })
      : new TransientError(`The email was not sent: ${failure.message}`, { cause: failure });
  }
  if (phase === 'during the message') {
    return new EmailDeliveryUnknownError(
      `The connection to the mail server ${settings.host} broke while the email was being sent (${failure.message}); it may or may not have been delivered, so it is not sent again`,
      { cause: failure },
    );
  }
  return new TransientError(`Could not reach the mail server ${settings.host}: ${failure.message}`, {
    cause: failure,
  });
}

/** A Message-ID that is the same for every attempt at one email, so a mail client can tell a repeat. */
function messageIdOf(key: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1);
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

function connectionTo(settings: SmtpSettings): SMTPConnection {
  const implicitTls = (settings.tls ?? (settings.port === 465 ? 'implicit' : 'starttls')) === 'implicit';
  return new SMTPConnection({
    host: settings.host,
    port: settings.port,
    secure: implicitTls,
    // Without implicit TLS, STARTTLS is required: the password never crosses in the clear.
    requireTLS: !implicitTls,
    tls: { minVersion: 'TLSv1.2', ...(settings.ca ? { ca: settings.ca } : {}) },
    connectionTimeout: limits.connectionMs,
    greetingTimeout: limits.greetingMs,
    socketTimeout: limits.socketMs,
    logger: false,
  });
}

/**
 * Sends through the SMTP account of `smtpSettings.ts`, over TLS, one connection per email (a
 * function's connection would not outlive its instance's freeze). The message is composed before
 * connecting, so a failure to compose it cannot leave the send half done.
 */
export const deliverBySmtp: Deliver = async (email) => {
  const settings = await smtpSettings();
  const messageId = messageIdOf(email.key, settings.from);
  const raw = await new MailComposer({
    from: settings.from,
    to: [...email.to],
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId,
  })
    .compile()
    .build();
  const connection = connectionTo(settings);
  return new Promise<Delivery>((resolve, reject) => {
    let phase: Phase = 'before the message';
    let settled = false;
    const finish = (failure: SmtpFailure | null, delivery?: Delivery) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (failure || !delivery) {
        connection.close();
        reject(deliveryFailure(failure ?? new Error('no reply'), phase, settings));
      } else {
        connection.quit();
        resolve(delivery);
      }
    };
    const deadline = setTimeout(
      () =>
        finish(Object.assign(new Error(`no answer within ${limits.wholeSendMs} ms`), { code: 'ETIMEDOUT' })),
      limits.wholeSendMs,
    );
    // Kept for the connection's life: an error after the send ended must not go unheard (it would throw).
    connection.on('error', (failure: SmtpFailure) => finish(failure));
    connection.connect((connectFailure) => {
      if (connectFailure) return finish(connectFailure);
      connection.login({ user: settings.username, pass: settings.password }, (loginFailure) => {
        if (loginFailure) return finish(loginFailure);
        phase = 'during the message';
        connection.send({ from: settings.from, to: [...email.to] }, raw, (sendFailure, info) => {
          if (sendFailure || !info) return finish(sendFailure ?? null);
          finish(null, { messageId, refused: info.rejected });
        });
      });
    });
  });
};
