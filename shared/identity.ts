import { claimMapping } from '#shared/config.ts';
import { ForbiddenError, UnauthorizedError } from '#shared/errors.ts';
import { type ClaimMapping, providerVerifiesAll } from '#shared/signIn/claimMapping.ts';

export const roles = ['admin', 'panel', 'commissioner', 'institution', 'enterprise'] as const;
export type Role = (typeof roles)[number];

/** Who is calling: the token says who they are, their membership what they may do. */
export interface Caller {
  readonly sub: string;
  readonly email: string;
  readonly roles: readonly Role[];
  /** The institution or enterprise a research-office or enterprise user acts for. */
  readonly organization?: string;
}

/**
 * The Cognito attribute that once carried a user's organisation. Users can write their own
 * attributes, so authorization never reads it: only the membership says what someone may do.
 */
export const organizationClaim = 'custom:organization';

/** What authorization reads of a person's membership record. */
export interface MemberRights {
  readonly email: string;
  readonly roles: readonly Role[];
  readonly organization?: string;
  readonly state: 'active' | 'disabled';
}

/** A token's claims, as API Gateway's JWT authorizer (strings) or the local runtime (JSON) passes them. */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

/** The token's subject, or undefined when it names none (then nobody is signed in). */
export function subjectOf(claims: Claims | undefined): string | undefined {
  const sub = claims?.sub;
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

/**
 * Whether the token vouches for its email address: the configured claim is true (API Gateway
 * passes claims as strings, the local runtime as JSON), or the provider verifies every address.
 */
function emailVerified(claims: Claims | undefined, mapping: ClaimMapping): boolean {
  if (mapping.emailVerified === providerVerifiesAll) return true;
  const verified = claims?.[mapping.emailVerified];
  return verified === true || verified === 'true';
}

/**
 * The token's email address (lower-cased), read from the claim the deployment names, when the
 * token vouches for it; undefined otherwise.
 */
export function verifiedEmailOf(
  claims: Claims | undefined,
  mapping: ClaimMapping = claimMapping(),
): string | undefined {
  const email = claims?.[mapping.email];
  return typeof email === 'string' && email !== '' && emailVerified(claims, mapping)
    ? email.toLowerCase()
    : undefined;
}

/**
 * The caller: the token's subject, and everything else from their membership (`member`, read by
 * that subject). Claims about groups or organisation are ignored whatever they say. A signed-in
 * person with no membership is an applicant (a commissioner-to-be, acting only on their own
 * records), known by their email only once the identity provider has verified it, as read
 * through the deployment's claim mapping.
 */
export function callerFromClaims(
  claims: Claims | undefined,
  member: MemberRights | undefined,
  mapping: ClaimMapping = claimMapping(),
): Caller {
  const sub = subjectOf(claims);
  if (!sub) throw new UnauthorizedError('Sign in first');
  if (member) {
    if (member.state === 'disabled')
      throw new ForbiddenError('Your access has been disabled by the bureau', { code: 'accessDisabled' });
    return {
      sub,
      email: member.email,
      roles: member.roles,
      ...(member.organization ? { organization: member.organization } : {}),
    };
  }
  const email = verifiedEmailOf(claims, mapping);
  if (!email)
    throw new ForbiddenError('Verify your email address first, then sign in again', {
      code: 'emailNotVerified',
    });
  return { sub, email, roles: ['commissioner'] };
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.roles.includes(role);
}

/** Organisation names are typed by people; compare them without case or spacing noise. */
export function organizationKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
