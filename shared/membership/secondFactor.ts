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
