import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonLinesJournal } from '#local/jsonLinesJournal.ts';
import { now } from '#shared/clock.ts';

export interface OutboxEmail {
  readonly id: string;
  readonly at: string;
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** How it reached the outbox: SES's API, or SMTP (`EMAIL=smtp`). Absent on emails kept before this was recorded. */
  readonly via?: 'ses' | 'smtp';
}

interface SendEmailRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Content?: {
    Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } };
  };
}

/**
 * Where email goes on one machine: the SES v2 SendEmail operation served on loopback
 * (so the handlers' unchanged SESv2Client sends here), kept in a file the console shows.
 */
export class Outbox {
  private readonly emails: OutboxEmail[] = [];
  /** Each recipient's emails, so that one person's mail is read without the whole outbox. */
  private readonly byRecipient = new Map<string, OutboxEmail[]>();
  private server: Server | undefined;

  private readonly journal: JsonLinesJournal<OutboxEmail> | undefined;

  /** `file`: the journal of emails (JSON lines), one line appended an email. */
  constructor(file: string | undefined) {
    this.journal = file === undefined ? undefined : new JsonLinesJournal(file);
  }

  async load(): Promise<void> {
    for (const email of (await this.journal?.read()) ?? []) this.keep(email);
  }

  /** Newest first. */
  list(): OutboxEmail[] {
    return [...this.emails].reverse();
  }

  /** The emails to `address` (to, cc or bcc; any case), newest first. */
  listTo(address: string): OutboxEmail[] {
    return [...(this.byRecipient.get(address.toLowerCase()) ?? [])].reverse();
  }

  private keep(email: OutboxEmail): void {
    this.emails.push(email);
    for (const recipient of new Set(email.to.map((address) => address.toLowerCase()))) {
      const theirs = this.byRecipient.get(recipient);
      if (theirs) theirs.push(email);
      else this.byRecipient.set(recipient, [email]);
    }
  }

  private async accept(request: SendEmailRequest): Promise<OutboxEmail> {
    const to = [
      ...(request.Destination?.ToAddresses ?? []),
      ...(request.Destination?.CcAddresses ?? []),
      ...(request.Destination?.BccAddresses ?? []),
    ];
    const simple = request.Content?.Simple;
    if (!request.FromEmailAddress || to.length === 0 || !simple?.Subject?.Data) {
      throw new Error('FromEmailAddress, a destination and Content.Simple.Subject are required');
    }
    return this.deliver({
      id: randomUUID(),
      from: request.FromEmailAddress,
      to,
      subject: simple.Subject.Data,
      text: simple.Body?.Text?.Data ?? '',
      html: simple.Body?.Html?.Data ?? '',
      via: 'ses',
    });
  }

  /** Keeps an email that arrived another way (by SMTP, `smtpInbox.ts`), stamped with the clock's time. */
  async deliver(arrived: Omit<OutboxEmail, 'at'>): Promise<OutboxEmail> {
    const email: OutboxEmail = { ...arrived, at: now().toISOString() };
    await this.journal?.append(email);
    this.keep(email);
    return email;
  }

  /** Serves POST /v2/email/outbound-emails, SES v2's SendEmail, on an ephemeral loopback port. */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method !== 'POST' || req.url !== '/v2/email/outbound-emails') {
          reply(404, { message: `Only SendEmail is served here, not ${req.method} ${req.url}` });
          return;
        }
        this.accept(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as SendEmailRequest).then(
          (email) => reply(200, { MessageId: email.id }),
          (error: Error) => {
            res.setHeader('x-amzn-errortype', 'BadRequestException');
            reply(400, { message: error.message });
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
