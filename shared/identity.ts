import { UnauthorizedError } from '#shared/errors.ts';

export const roles = ['admin', 'panel', 'commissioner', 'institution', 'enterprise'] as const;
export type Role = (typeof roles)[number];

/** Who is calling, as the Cognito JWT (or the embedded runtime's local token) says. */
export interface Caller {
  readonly sub: string;
  readonly email: string;
  readonly roles: readonly Role[];
  /** The institution or enterprise a research-office or enterprise user acts for. */
  readonly organization?: string;
}

/** The claim that carries an institution or enterprise user's organisation. */
export const organizationClaim = 'custom:organization';

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * API Gateway's JWT authorizer flattens array claims into a string such as
 * `[admin commissioner]`; the local runtime passes arrays. Both are accepted.
 */
function parseGroups(value: Claims[string]): Role[] {
  const raw = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return raw.filter((group): group is Role => (roles as readonly string[]).includes(group));
}

export function callerFromClaims(claims: Claims | undefined): Caller {
  const sub = claims?.sub;
  const email = claims?.email;
  if (typeof sub !== 'string' || typeof email !== 'string') {
    throw new UnauthorizedError('Sign in first');
  }
  const organization = claims?.[organizationClaim];
  return {
    sub,
    email,
    roles: parseGroups(claims?.['cognito:groups']),
    ...(typeof organization === 'string' && organization !== '' ? { organization } : {}),
  };
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.roles.includes(role);
}

/** Organisation names are typed by people; compare them without case or spacing noise. */
export function organizationKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
