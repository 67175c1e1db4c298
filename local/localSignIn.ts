import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { organizationClaim, roles } from '#shared/identity.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

const issuer = 'commissioner-workflows-local';
const audience = 'commissioner-console';

export const signInSchema = z
  .strictObject({
    email: z.email(messageUnlessMissing('must be an email address')).max(254),
    role: z.enum(roles, messageUnlessMissing(`must be one of ${roles.join(', ')}`)),
    organization: z.string().trim().min(2, 'must be at least 2 characters').max(100).optional(),
  })
  .refine((body) => !['institution', 'enterprise'].includes(body.role) || body.organization, {
    path: ['organization'],
    message: 'is required for institution and enterprise users',
  });
export type SignIn = z.infer<typeof signInSchema>;

/**
 * Local sign-in: tokens signed with a key kept under the data folder, carrying the claims
 * Cognito would (`sub`, `email`, `cognito:groups`, `custom:organization`). The same email
 * always gets the same `sub`.
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
    const digest = createHash('sha256').update(email).digest('hex');
    const sub = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
    return new SignJWT({
      email,
      'cognito:groups': [signIn.role],
      ...(signIn.organization ? { [organizationClaim]: signIn.organization } : {}),
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
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
