import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

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
 * The local identity provider's accounts, kept in one JSON file under the data folder and
 * replaced whole on each change (write, then rename), so a crash leaves the old file or the new.
 * An account comes from an invitation, as in the Cognito pool, where nobody signs up alone.
 */
export class LocalAccounts {
  /** Changes run one after another: each reads the accounts the one before it wrote. */
  private changes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    private accounts: LocalAccount[],
  ) {}

  private serialized<T>(change: () => Promise<T>): Promise<T> {
    const next = this.changes.then(change, change);
    this.changes = next.catch(() => undefined);
    return next;
  }

  static async open(file: string | undefined): Promise<LocalAccounts> {
    const text = file ? await readFile(file, 'utf8').catch(() => undefined) : undefined;
    return new LocalAccounts(file, text ? (JSON.parse(text) as LocalAccount[]) : []);
  }

  find(sub: string): LocalAccount | undefined {
    return this.accounts.find((account) => account.sub === sub && !account.disabled);
  }

  /** The account with this subject, disabled or not. */
  findAny(sub: string): LocalAccount | undefined {
    return this.accounts.find((account) => account.sub === sub);
  }

  findByEmail(email: string): LocalAccount | undefined {
    return this.accounts.find((account) => account.email === email.toLowerCase());
  }

  /** The account for `email`, created (without a password) if new. */
  ensure(email: string): Promise<LocalAccount> {
    return this.serialized(async () => {
      const existing = this.findByEmail(email);
      if (existing) return existing;
      const account: LocalAccount = { sub: randomUUID(), email: email.toLowerCase() };
      await this.save([...this.accounts, account]);
      return account;
    });
  }

  /**
   * Opens invitation `invitationId` of the account, whose link carries `token` (kept only as its
   * digest); it replaces an unused one. Answers false when that invitation was accepted already:
   * a repeated invitation never reopens a spent link.
   */
  openInvitation(sub: string, invitationId: string, token: string): Promise<boolean> {
    return this.serialized(async () => {
      const existing = this.accounts.find((account) => account.sub === sub);
      if (!existing || existing.acceptedInvitationId === invitationId) return false;
      const account: LocalAccount = {
        ...existing,
        invitation: { id: invitationId, digest: digestOf(token) },
      };
      await this.save(this.accounts.map((a) => (a === existing ? account : a)));
      return true;
    });
  }

  /** An account with a password already set, as the demo users are seeded. */
  ensureWithPassword(email: string, password: string): Promise<LocalAccount> {
    return this.serialized(async () => {
      const existing = this.findByEmail(email);
      if (existing?.passwordHash) return existing;
      const account: LocalAccount = {
        ...(existing ?? { sub: randomUUID(), email: email.toLowerCase() }),
        passwordHash: await hashPassword(password),
      };
      await this.save(
        existing ? this.accounts.map((a) => (a === existing ? account : a)) : [...this.accounts, account],
      );
      return account;
    });
  }

  /** Sets the password of the account the invitation token belongs to; the token is then spent. */
  acceptInvitation(token: string, password: string): Promise<LocalAccount | undefined> {
    return this.serialized(async () => {
      const digest = digestOf(token);
      const existing = this.accounts.find((account) => account.invitation?.digest === digest);
      if (!existing?.invitation || password.length < minPasswordLength) return undefined;
      const { invitation, ...rest } = existing;
      const account: LocalAccount = {
        ...rest,
        passwordHash: await hashPassword(password),
        acceptedInvitationId: invitation.id,
      };
      await this.save(this.accounts.map((a) => (a === existing ? account : a)));
      return account;
    });
  }

  invitationIsOpen(token: string): boolean {
    const digest = digestOf(token);
    return this.accounts.some((account) => account.invitation?.digest === digest);
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
      await this.save(
        this.accounts.map((account) => (account.sub === sub ? { ...account, totpSecret } : account)),
      );
    });
  }

  setDisabled(sub: string, disabled: boolean): Promise<void> {
    return this.serialized(async () => {
      await this.save(
        this.accounts.map((account) => (account.sub === sub ? { ...account, disabled } : account)),
      );
    });
  }

  private async save(accounts: LocalAccount[]): Promise<void> {
    if (this.file) {
      await mkdir(dirname(this.file), { recursive: true });
      const next = `${this.file}.next`;
      await writeFile(next, JSON.stringify(accounts, null, 2), { mode: 0o600 });
      await rename(next, this.file);
    }
    this.accounts = accounts;
  }
}
