import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { consoleClientId } from '#local/localIdentityProvider.ts';

/**
 * A token as the runtime's identity provider would sign it (its key, from the data folder), with
 * whatever claims a test gives: what a person who could mint their own claims would present.
 * `foreignKey` signs with a new key under the provider's key id instead.
 */
export async function mintToken(options: {
  readonly dataDir: string;
  readonly issuer: string;
  readonly claims: Record<string, unknown>;
  /** Seconds since the epoch. @default now */
  readonly issuedAt?: number;
  /** @default an hour after issuedAt */
  readonly expiresAt?: number;
  /** @default false */
  readonly foreignKey?: boolean;
}): Promise<string> {
  const secrets = JSON.parse(
    await readFile(join(options.dataDir, 'identity', 'provider-secrets.json'), 'utf8'),
  ) as { signingKey: JWK & { kid: string } };
  const key = options.foreignKey
    ? (await generateKeyPair('RS256')).privateKey
    : await importJWK(secrets.signingKey, 'RS256');
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT(options.claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: secrets.signingKey.kid })
    .setIssuer(options.issuer)
    .setAudience(consoleClientId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(options.expiresAt ?? issuedAt + 3600)
    .sign(key);
}
