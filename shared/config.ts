import {
  type ClaimMapping,
  claimMappingVariables,
  defaultClaimMapping,
} from '#shared/signIn/claimMapping.ts';

/** Reads a required environment variable; a missing one is a deployment error, so it fails loudly. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is required but not set`);
  }
  return value;
}

/** Reads a required environment variable that must be one of `allowed`; anything else is a deployment error. */
export function requireEnvOneOf<const Allowed extends readonly string[]>(
  name: string,
  allowed: Allowed,
): Allowed[number] {
  const value = requireEnv(name);
  if (!allowed.includes(value)) {
    throw new Error(`Environment variable ${name} is ${value}; it must be one of ${allowed.join(', ')}`);
  }
  return value;
}

/**
 * The claim names the deployment configured (EMAIL_CLAIM, EMAIL_VERIFIED_CLAIM); OpenID Connect's
 * standard names where unset, as in the embedded runtime.
 */
export function claimMapping(): ClaimMapping {
  const configured = (name: string) => {
    const value = process.env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    email: configured(claimMappingVariables.email) ?? defaultClaimMapping.email,
    emailVerified: configured(claimMappingVariables.emailVerified) ?? defaultClaimMapping.emailVerified,
  };
}

/**
 * Whether this function binds an invitation to the subject signing in (BIND_INVITATIONS=true):
 * with an external provider, only `GET /me`, which the console calls first after signing in, may
 * write memberships for that; every other function only reads them.
 */
export function bindsInvitations(): boolean {
  return process.env.BIND_INVITATIONS === 'true';
}

/** How email leaves (EMAIL_TRANSPORT). */
export const emailTransports = ['ses', 'smtp'] as const;
export type EmailTransport = (typeof emailTransports)[number];

/**
 * `ses`: SES v2 from EMAIL_FROM; `smtp`: the mail account in the secret SMTP_SECRET_ARN names,
 * where SES does not exist (the China regions). `ses` where unset, as in the embedded runtime.
 */
export function emailTransport(): EmailTransport {
  const value = process.env.EMAIL_TRANSPORT;
  return value === undefined || value === '' ? 'ses' : requireEnvOneOf('EMAIL_TRANSPORT', emailTransports);
}

/** How the API learns that a sign-in had a second factor (SECOND_FACTOR_EVIDENCE). */
export const secondFactorEvidences = ['amr', 'cognito-totp'] as const;

/**
 * `amr`: the token's authentication methods say `mfa` (OpenID Connect providers, the embedded
 * one); `cognito-totp`: the Cognito user has TOTP MFA on, so the pool asked its code at sign-in.
 * `amr` where unset, as in the embedded runtime.
 */
export function secondFactorEvidence(): (typeof secondFactorEvidences)[number] {
  const value = process.env.SECOND_FACTOR_EVIDENCE;
  return value === undefined || value === ''
    ? 'amr'
    : requireEnvOneOf('SECOND_FACTOR_EVIDENCE', secondFactorEvidences);
}
