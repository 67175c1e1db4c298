import { adminGetUser } from '#shared/aws/cognitoUsers.ts';
import { requireEnv, secondFactorEvidence } from '#shared/config.ts';
import { signedInWithSecondFactor } from '#shared/membership/secondFactor.ts';

/*
 * The check, apart from its rules and error (`secondFactor.ts`, which every HTTP function's error
 * mapping imports): only the functions that resolve signed-in callers import it, and with it the
 * Cognito client and the Tracer.
 */

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
