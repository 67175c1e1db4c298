import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import type { Outbox } from '#local/outbox.ts';
import type { SmtpSettings } from '#shared/email/smtpSettings.ts';

const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  [field ?? []].flat().flatMap((list) => list.value.flatMap((address) => address.address ?? []));

/** A self-signed certificate for loopback (127.0.0.1 and localhost), made afresh at each call. */
export async function loopbackCertificate(): Promise<{ readonly key: string; readonly cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * The mail server the embedded runtime sends to with `EMAIL=smtp`: smtp-server on loopback, with
 * TLS from the first byte (a certificate made at each start, which the settings hand the senders
 * as their private CA) and a login made at each start. What it receives goes into the outbox, so
 * the console's outbox page shows what the SMTP path sent: the path a China deployment takes, from
 * the settings secret to the message nodemailer composed.
 */
export class SmtpInbox {
  private constructor(
    private readonly server: SMTPServer,
    /** The settings a sender needs to reach this server, as the Secrets Manager secret holds them. */
    readonly settings: SmtpSettings,
  ) {}

  static async start(outbox: Outbox, from: string): Promise<SmtpInbox> {
    const certificate = await loopbackCertificate();
    const username = from;
    const password = randomBytes(24).toString('base64url');
    const server = new SMTPServer({
      secure: true,
      key: certificate.key,
      cert: certificate.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === username && auth.password === password) callback(null, { user: username });
        else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          async (mail) => {
            const to = session.envelope.rcptTo.map((recipient) => recipient.address);
            await outbox.deliver({
              id: mail.messageId ?? randomUUID(),
              from: addressesOf(mail.from)[0] ?? '',
              to: to.length > 0 ? to : addressesOf(mail.to),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: mail.html || '',
              via: 'smtp',
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return new SmtpInbox(server, {
      host: '127.0.0.1',
      port,
      tls: 'implicit',
      username,
      password,
      from,
      ca: certificate.cert,
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
