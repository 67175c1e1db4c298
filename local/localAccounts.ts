import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { JsonLinesJournal } from '#local/jsonLinesJournal.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** A person the local identity provider knows: who they are, never what they may do. */
export interface LocalAccount {
  readonly sub: string;
  /** Lower case; the provider vouches for it (an invitation reached it). */
  readonly email: string;
  /** `scrypt$<salt>$<hash>`, base64url; absent until the invited person chooses a password. */
  readonly passwordHash?: string;
  /** The open invitation: its id (the membership's) and the SHA-256 of its link's one-time token. */
  readonly invitation?: { readonly id: string; readonly digest: string };
  /** The invitation whose link set the password: it is never opened again. */
  readonly acceptedInvitationId?: string;
  readonly disabled?: boolean;
  /** The base32 secret of the person's authenticator app, once they have set one up. */
  readonly totpSecret?: string;
}

const digestOf = (token: string) => createHash('sha256').update(token).digest('base64url');

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** The shortest password the provider takes, as Cognito's pool here asks 12 characters. */
export const minPasswordLength = 12;

/**
 * The local identity provider's accounts, kept under the data folder as a journal: each change
 * appends the account as it now is (one JSON line), and the last line of an account wins when the
 * journal is read. A change costs one line whatever the number of accounts. An account comes from
 * an invitation, as in the Cognito pool, where nobody signs up alone.
 */
export class LocalAccounts {
  /** Changes run one after another: each reads the accounts the one before it wrote. */
  private changes: Promise<unknown> = Promise.resolve();
  private readonly bySub = new Map<string, LocalAccount>();
  private readonly byEmail = new Map<string, LocalAccount>();

  private constructor(private readonly journal: JsonLinesJournal<LocalAccount> | undefined) {}

  private serialized<T>(change: () => Promise<T>): Promise<T> {
    const next = this.changes.then(change, change);
    this.changes = next.catch(() => undefined);
    return next;
  }

  /**
   * The accounts of the journal `file` (none without one). A data folder from before the journal
   * keeps its accounts in `accounts.json` beside it, one JSON array: they are carried over once.
   */
  static async open(file: string | undefined): Promise<LocalAccounts> {
    if (!file) return new LocalAccounts(undefined);
    const journal = new JsonLinesJournal<LocalAccount>(file, { mode: 0o600 });
    const accounts = new LocalAccounts(journal);
    const kept = await journal.read();
    if (kept !== undefined) {
      for (const account of kept) accounts.keep(account);
      return accounts;
    }
    const before = await readFile(join(dirname(file), 'accounts.json'), 'utf8').catch(() => undefined);
    if (before !== undefined) {
      for (const account of JSON.parse(before) as LocalAccount[]) await accounts.save(account);
    }
    return accounts;
  }

  find(sub: string): LocalAccount | undefined {
    const account = this.bySub.get(sub);
    return account?.disabled ? undefined : account;
  }

  /** The account with this subject, disabled or not. */
  findAny(sub: string): LocalAccount | undefined {
    return this.bySub.get(sub);
  }

  findByEmail(email: string): LocalAccount | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  /** The account for `email`, created (without a password) if new. */
  ensure(email: string): Promise<LocalAccount> {
    return this.serialized(async () => {
      const existing = this.findByEmail(email);
      if (existing) return existing;
      return this.save({ sub: randomUUID(), email: email.toLowerCase() });
    });
  }

  /**
   * Opens invitation `invitationId` of the account, whose link carries `token` (kept only as its
   * digest); it replaces an unused one. Answers false when that invitation was accepted already:
   * a repeated invitation never reopens a spent link.
   */
  openInvitation(sub: string, invitationId: string, token: string): Promise<boolean> {
    return this.serialized(async () => {
      const existing = this.bySub.get(sub);
      if (!existing || existing.acceptedInvitationId === invitationId) return false;
      await this.save({ ...existing, invitation: { id: invitationId, digest: digestOf(token) } });
      return true;
    });
  }

  /** An account with a password already set, as the demo users are seeded. */
  ensureWithPassword(email: string, password: string): Promise<LocalAccount> {
    return this.serialized(async () => {
      const existing = this.findByEmail(email);
      if (existing?.passwordHash) return existing;
      return this.save({
        ...(existing ?? { sub: randomUUID(), email: email.toLowerCase() }),
        passwordHash: await hashPassword(password),
      });
    });
  }

  /** Sets the password of the account the invitation token belongs to; the token is then spent. */
  acceptInvitation(token: string, password: string): Promise<LocalAccount | undefined> {
    return this.serialized(async () => {
      const existing = this.withOpenInvitation(token);
      if (!existing?.invitation || password.length < minPasswordLength) return undefined;
      const { invitation, ...rest } = existing;
      return this.save({
        ...rest,
        passwordHash: await hashPassword(password),
        acceptedInvitationId: invitation.id,
      });
    });
  }

  invitationIsOpen(token: string): boolean {
    return this.withOpenInvitation(token) !== undefined;
  }

  /** The account whose email and password these are, unless disabled; the same work either way. */
  async authenticate(email: string, password: string): Promise<LocalAccount | undefined> {
    const account = this.findByEmail(email);
    const matches = await passwordMatches(
      password,
      account?.passwordHash ?? `scrypt$${'A'.repeat(22)}$${'A'.repeat(43)}`,
    );
    return account && matches && !account.disabled ? account : undefined;
  }

  setTotpSecret(sub: string, totpSecret: string): Promise<void> {
    return this.serialized(async () => {
      const existing = this.bySub.get(sub);
      if (existing) await this.save({ ...existing, totpSecret });
    });
  }

  setDisabled(sub: string, disabled: boolean): Promise<void> {
    return this.serialized(async () => {
      const existing = this.bySub.get(sub);
      if (existing) await this.save({ ...existing, disabled });
    });
  }

  private withOpenInvitation(token: string): LocalAccount | undefined {
    const digest = digestOf(token);
    for (const account of this.bySub.values()) if (account.invitation?.digest === digest) return account;
    return undefined;
  }

  private keep(account: LocalAccount): void {
    this.bySub.set(account.sub, account);
    this.byEmail.set(account.email, account);
  }

  private async save(account: LocalAccount): Promise<LocalAccount> {
    await this.journal?.append(account);
    this.keep(account);
    return account;
  }
}
