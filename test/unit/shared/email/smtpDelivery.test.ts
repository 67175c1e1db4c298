import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalSecrets } from '#local/localSecrets.ts';
import { loopbackCertificate } from '#local/smtpInbox.ts';
import type { SmtpSettings } from '#shared/email/smtpSettings.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * Email through SMTP (the China regions' transport) against a real SMTP server on loopback
 * (`smtp-server`), with TLS, a login, the settings read from a local Secrets Manager, and the send
 * record in dynalite: sent once; refused, or tried again later, with the claim released; and a
 * connection that breaks mid-message lands in the failure path without ever sending twice.
 */

interface Received {
  readonly user: string | undefined;
  readonly secure: boolean;
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

/** What a test server does with its sessions, beyond receiving. */
interface Behaviour {
  /** A 4xx or 5xx for this recipient. */
  readonly refuse?: Readonly<Record<string, number>>;
  /** Drops the connection once the message's first bytes arrive. */
  readonly disconnectMidMessage?: boolean;
}

const username = 'kjj-notify@mail.example.gov.cn';
const password = 'a-long-password-for-the-mail-account';
let certificate: { key: string; cert: string };
const secrets = new LocalSecrets();
const servers: SMTPServer[] = [];
let emails: typeof import('#shared/email/sendEmail.ts');
let dynamo: typeof import('#shared/aws/dynamo.ts');

useLocalTables({ EMAIL_LOG_TABLE: { name: 'EmailLog' }, MEMBERSHIP_TABLE: { name: 'Membership' } });

beforeAll(async () => {
  certificate = await loopbackCertificate();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: await secrets.listen(),
    EMAIL_TRANSPORT: 'smtp',
  });
  emails = await import('#shared/email/sendEmail.ts');
  dynamo = await import('#shared/aws/dynamo.ts');
});

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((done) => server.close(() => done()))),
  );
});

afterAll(async () => {
  await secrets.close();
});

/** Starts an SMTP server on loopback and points the settings secret at it; returns what it receives. */
async function mailServer(
  behaviour: Behaviour = {},
  options: Partial<SMTPServerOptions> = {},
  settings: Partial<SmtpSettings> = {},
): Promise<{ received: Received[]; logins: string[]; port: number; settings: SmtpSettings }> {
  const received: Received[] = [];
  const logins: string[] = [];
  const sockets = new Map<string, TLSSocket>();
  const server = new SMTPServer({
    secure: true,
    ...certificate,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onSecure(socket, session, callback) {
      sockets.set(session.id, socket as TLSSocket);
      callback();
    },
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (auth.username === username && auth.password === password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const code = behaviour.refuse?.[address.address];
      if (code) callback(Object.assign(new Error(`No mailbox ${address.address}`), { responseCode: code }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (behaviour.disconnectMidMessage) sockets.get(session.id)?.destroy();
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || sockets.get(session.id)?.destroyed)
          return callback(new Error('cut short'));
        received.push({
          user: session.user as string | undefined,
          secure: session.secure,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((to) => to.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  // A client that hangs up (on an untrusted certificate, say) is an error on the server's side: not this test's.
  server.on('error', () => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const secret: SmtpSettings = {
    host: '127.0.0.1',
    port,
    tls: options.secure === false ? 'starttls' : 'implicit',
    username,
    password,
    from: 'kjj-notify@mail.example.gov.cn',
    ca: certificate.cert,
    ...settings,
  };
  process.env.SMTP_SECRET_ARN = secrets.put(`smtp-${port}`, JSON.stringify(secret));
  return { received, logins, port, settings: secret };
}

let sequence = 0;
const send = (to: readonly string[], key = `smtp-test-${++sequence}`) =>
  emails.sendEmailOnce({
    dedupeKey: key,
    to,
    template: 'report-reminder',
    params: {
      title: '莲都区阀门企业数字化改造',
      period: '1',
      start: '2027-01-01',
      end: '2027-03-31',
      due: '2027-04-10',
      link: 'https://console.example.org/reports/r-1',
    },
  });

const sendRecord = async (key: string) =>
  (await dynamo.dynamo().send(new GetCommand({ TableName: 'EmailLog', Key: { id: key } }))).Item;

describe('Email through SMTP', () => {
  it('is sent once over TLS with the account login, from the secret sender, with a Message-ID stable per email', async () => {
    // Arrange
    const server = await mailServer();

    // Act
    const first = await send(['li.ming@zju.edu.cn'], 'reminder-once');
    const again = await send(['li.ming@zju.edu.cn'], 'reminder-once');

    // Assert
    expect([first, again]).toEqual(['sent', 'already-sent']);
    expect(server.received).toHaveLength(1);
    const [message] = server.received;
    expect(message).toMatchObject({
      user: username,
      secure: true,
      from: 'kjj-notify@mail.example.gov.cn',
      to: ['li.ming@zju.edu.cn'],
    });
    const record = await sendRecord('reminder-once');
    expect(record).toMatchObject({ status: 'sent' });
    expect(message?.raw).toContain(`Message-ID: ${record?.messageId}`);
    expect(message?.raw).toMatch(/^Subject: =\?UTF-8\?/m);
  });

  it('upgrades with STARTTLS on a plain port, and sends no password to a server that does not offer it', async () => {
    // Arrange
    const upgrading = await mailServer({}, { secure: false });
    const upgraded = await send(['li.ming@zju.edu.cn']);
    const plain = await mailServer({}, { secure: false, hideSTARTTLS: true, disabledCommands: ['STARTTLS'] });

    // Act
    const refusedInTheClear = send(['li.ming@zju.edu.cn'], 'in-the-clear');

    // Assert
    expect(upgraded).toBe('sent');
    expect(upgrading.received[0]?.secure).toBe(true);
    await expect(refusedInTheClear).rejects.toMatchObject({
      name: 'EmailRefusedError',
      message: expect.stringContaining('STARTTLS'),
    });
    expect(plain.logins).toEqual([]);
    expect(plain.received).toEqual([]);
    expect(await sendRecord('in-the-clear')).toBeUndefined();
  });

  it('checks the server certificate against the secret CA, and trusts nothing else', async () => {
    // Arrange
    const other = await loopbackCertificate();
    const server = await mailServer({}, {}, { ca: other.cert });

    // Act
    const untrusted = send(['li.ming@zju.edu.cn'], 'untrusted-server');

    // Assert
    await expect(untrusted).rejects.toMatchObject({ name: 'TransientError' });
    expect(server.logins).toEqual([]);
    expect(await sendRecord('untrusted-server')).toBeUndefined();
  });

  it('lands a refused recipient in the failure path, releasing the claim', async () => {
    // Arrange
    const server = await mailServer({ refuse: { 'left@zju.edu.cn': 550 } });

    // Act
    const refused = send(['left@zju.edu.cn'], 'refused-recipient');

    // Assert
    await expect(refused).rejects.toMatchObject({
      name: 'EmailRefusedError',
      message: expect.stringContaining('550'),
    });
    expect(server.received).toEqual([]);
    expect(await sendRecord('refused-recipient')).toBeUndefined();
  });

  it('sends to the recipients the server took, records the refused one, and fails the step naming it', async () => {
    // Arrange
    const server = await mailServer({ refuse: { 'left@zju.edu.cn': 550 } });

    // Act
    const partly = send(['li.ming@zju.edu.cn', 'left@zju.edu.cn'], 'partly-refused');
    await expect(partly).rejects.toMatchObject({
      name: 'EmailRefusedError',
      message: expect.stringContaining('refused left@zju.edu.cn'),
    });
    const retried = await send(['li.ming@zju.edu.cn', 'left@zju.edu.cn'], 'partly-refused');

    // Assert
    expect(retried).toBe('already-sent');
    expect(server.received.map((message) => message.to)).toEqual([['li.ming@zju.edu.cn']]);
    expect(await sendRecord('partly-refused')).toMatchObject({
      status: 'sent',
      refused: ['left@zju.edu.cn'],
    });
  });

  it('retries a 4xx later and then sends once', async () => {
    // Arrange
    const busy = await mailServer({ refuse: { 'li.ming@zju.edu.cn': 451 } });
    const failed = send(['li.ming@zju.edu.cn'], 'try-later');
    await expect(failed).rejects.toMatchObject({ name: 'TransientError' });
    const recovered = await mailServer();

    // Act
    const retried = await send(['li.ming@zju.edu.cn'], 'try-later');

    // Assert
    expect(retried).toBe('sent');
    expect(busy.received).toEqual([]);
    expect(recovered.received).toHaveLength(1);
  });

  it('fails the step on a refused login, and reads the secret again for the next send (a rotated password)', async () => {
    // Arrange
    const server = await mailServer({}, {}, { password: 'the-old-password' });
    const refused = send(['li.ming@zju.edu.cn'], 'wrong-password');
    await expect(refused).rejects.toMatchObject({
      name: 'EmailRefusedError',
      message: expect.stringContaining(username),
    });
    const recordAfterRefusal = await sendRecord('wrong-password');
    const { port } = server;
    secrets.put(`smtp-${port}`, JSON.stringify({ ...server.settings, password }));

    // Act
    const retried = await send(['li.ming@zju.edu.cn'], 'wrong-password');

    // Assert
    expect(recordAfterRefusal).toBeUndefined();
    expect(retried).toBe('sent');
    expect(server.logins).toEqual([username, username]);
    expect(server.received).toHaveLength(1);
  });

  it('names what is wrong with a malformed settings secret, and keeps no claim', async () => {
    // Arrange
    await mailServer();
    process.env.SMTP_SECRET_ARN = secrets.put(
      'smtp-malformed',
      JSON.stringify({ host: '127.0.0.1', port: '465', username, password, from: 'the bureau' }),
    );

    // Act
    const misconfigured = send(['li.ming@zju.edu.cn'], 'malformed-secret');

    // Assert
    await expect(misconfigured).rejects.toThrow(
      /SMTP settings secret .*smtp-malformed.* is invalid: port: .*; from: must be an email address/,
    );
    expect(await sendRecord('malformed-secret')).toBeUndefined();
  });

  it('lands a message cut off mid-way in the failure path and never sends it again', async () => {
    // Arrange
    const server = await mailServer({ disconnectMidMessage: true });

    // Act
    const cutOff = send(['li.ming@zju.edu.cn'], 'cut-off');
    await expect(cutOff).rejects.toMatchObject({ name: 'EmailDeliveryUnknownError' });
    const retried = await send(['li.ming@zju.edu.cn'], 'cut-off');

    // Assert
    expect(retried).toBe('already-sent');
    expect(server.received).toEqual([]);
    expect(await sendRecord('cut-off')).toMatchObject({
      status: 'unconfirmed',
      reason: expect.stringContaining('may or may not have been delivered'),
    });
  });
});
