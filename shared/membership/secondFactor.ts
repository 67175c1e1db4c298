import { adminGetUser } from '#shared/aws/cognitoUsers.ts';
import { requireEnv, secondFactorEvidence } from '#shared/config.ts';
import type { Caller, Role } from '#shared/identity.ts';

/** Roles that act on every record, or judge commissioners: their rights need a second factor. */
export const rolesNeedingSecondFactor: readonly Role[] = ['admin', 'panel'];

/** A signed-in bureau or panel member whose sign-in had no second factor. */
export class SecondFactorRequiredError extends Error {
  override readonly name = 'SecondFactorRequiredError';
}

export const needsSecondFactor = (caller: Caller): boolean =>
  caller.roles.some((role) => rolesNeedingSecondFactor.includes(role));

/**
 * Whether the token's `amr` (authentication methods, RFC 8176) says the sign-in used more than
 * one factor (`mfa`). API Gateway hands an array claim to Lambda as a string such as `[pwd otp mfa]`.
 */
export function signedInWithSecondFactor(claims: Record<string, unknown> | undefined): boolean {
  const amr = claims?.amr;
  const methods = Array.isArray(amr)
    ? amr.map(String)
    : typeof amr === 'string'
      ? amr.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return methods.includes('mfa');
}

/** Cognito users known to have TOTP on, until when (ms): a minute saves a call per request. */
const totpConfirmedUntil = new Map<string, number>();

/**
 * Whether a Cognito user has TOTP MFA on. With the pool's MFA optional, Cognito then asks the
 * code at every sign-in; Cognito's ID tokens carry no `amr` unless a sign-in asks for an
 * authentication level. Only a yes is remembered, so a person who has just set it up is let in
 * at once. The Cognito client is built only in a deployment that asks for this. Imported
 * statically on purpose: esbuild bundles a dynamic `import()` inline all the same, and without
 * tree-shaking, so it carried every command of the package into every HTTP function.
 */
async function cognitoUserHasTotp(username: string): Promise<boolean> {
  if ((totpConfirmedUntil.get(username) ?? 0) > Date.now()) return true;
  const user = await adminGetUser(requireEnv('USER_POOL_ID'), username);
  const hasTotp = user.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') === true;
  if (hasTotp) totpConfirmedUntil.set(username, Date.now() + 60_000);
  return hasTotp;
}

/** Whether the caller's sign-in had a second factor, by the evidence the deployment names. */
export async function hasSecondFactor(claims: Record<string, unknown> | undefined): Promise<boolean> {
  if (secondFactorEvidence() === 'amr') return signedInWithSecondFactor(claims);
  const username = claims?.['cognito:username'];
  return typeof username === 'string' && username !== '' && cognitoUserHasTotp(username);
}
