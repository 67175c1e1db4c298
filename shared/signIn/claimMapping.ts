/**
 * Which claims of a token name the person's email and say it is verified. Providers differ
 * (a bureau's own directory may call the address `mail`), so a deployment names them; the
 * defaults are OpenID Connect's standard claims, which Cognito and the local provider issue.
 */
export interface ClaimMapping {
  readonly email: string;
  /** A claim name, or `providerVerifiesAll` when the provider vouches for every address it issues. */
  readonly emailVerified: string;
}

/** For a provider that only issues addresses it owns or has verified (no claim says so per token). */
export const providerVerifiesAll = 'provider-verifies-all';

export const defaultClaimMapping: ClaimMapping = { email: 'email', emailVerified: 'email_verified' };

/** The environment variables the deployment sets the mapping in, on every signed-in API function. */
export const claimMappingVariables = { email: 'EMAIL_CLAIM', emailVerified: 'EMAIL_VERIFIED_CLAIM' } as const;
