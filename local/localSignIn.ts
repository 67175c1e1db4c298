import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { localSubjectFor } from '#shared/membership/subject.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

const issuer = 'commissioner-workflows-local';
const audience = 'commissioner-console';

/** Local sign-in says only who someone is: what they may do is their membership's. */
export const signInSchema = z.strictObject({
  email: z.email(messageUnlessMissing('must be an email address')).max(254),
});
export type SignIn = z.infer<typeof signInSchema>;

/**
 * Local sign-in: tokens signed with a key kept under the data folder, carrying the identity
 * claims an OpenID Connect provider would (`sub`, `email`, `email_verified`), no roles. The same
 * email always gets the same `sub`, the one a local invitation gives it.
 */
export class LocalSignIn {
  private constructor(private readonly key: Uint8Array) {}

  static async open(keyFile: string | undefined): Promise<LocalSignIn> {
    if (!keyFile) return new LocalSignIn(randomBytes(32));
    const existing = await readFile(keyFile).catch(() => undefined);
    if (existing && existing.length >= 32) return new LocalSignIn(existing);
    const key = randomBytes(32);
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, key, { mode: 0o600 });
    return new LocalSignIn(key);
  }

  async issue(signIn: SignIn): Promise<string> {
    const email = signIn.email.toLowerCase();
    return new SignJWT({ email, email_verified: true, token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(localSubjectFor(email))
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(this.nowSeconds())
      .setExpirationTime(this.nowSeconds() + 12 * 3600)
      .sign(this.key);
  }

  /** The token's claims, or undefined for a missing, tampered, expired or foreign token. */
  async verify(authorization: string | undefined): Promise<Record<string, unknown> | undefined> {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer,
        audience,
        algorithms: ['HS256'],
      });
      return payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }

  /** Sessions run on the real clock: moving the demo clock forward signs nobody out. */
  private nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }
}
