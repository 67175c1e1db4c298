import { isOneOf, type Role, roles } from './model.ts';
import { jwtClaims } from './oidc.ts';

export interface Session {
  token: string;
  email: string;
  role: Role;
  organization?: string;
}

const storageKey = 'commissioner-console.session';

export function currentSession(): Session | undefined {
  const stored = localStorage.getItem(storageKey);
  if (stored === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    return isSession(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The role the console is shown in when a person has several: the one with the most to do. */
const rolePriority: readonly Role[] = ['admin', 'panel', 'institution', 'enterprise', 'commissioner'];

/** A session from the new token and what GET /me says the person may do. */
export function sessionFor(
  token: string,
  me: { email: string; roles: readonly Role[]; organization?: string },
): Session {
  const role = rolePriority.find((candidate) => me.roles.includes(candidate)) ?? 'commissioner';
  return { token, email: me.email, role, ...(me.organization ? { organization: me.organization } : {}) };
}

export function saveSession(session: Session): void {
  localStorage.setItem(storageKey, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(storageKey);
}

const returnRouteKey = 'commissioner-console.return-route';

/** Where to go after signing in, when the reader was sent to sign in from a page (e.g. a link in an email). */
export function rememberReturnRoute(route: string): void {
  if (route !== '/sign-in' && route !== '/') sessionStorage.setItem(returnRouteKey, route);
}

export function takeReturnRoute(): string | undefined {
  const route = sessionStorage.getItem(returnRouteKey) ?? undefined;
  sessionStorage.removeItem(returnRouteKey);
  return route;
}

/**
 * The token's subject, read without verifying the signature: it only decides what the page offers
 * (the server checks the token on every request).
 */
export function sessionSubject(session: Session): string | undefined {
  const subject = jwtClaims(session.token)?.sub;
  return typeof subject === 'string' ? subject : undefined;
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.token === 'string' &&
    typeof candidate.email === 'string' &&
    typeof candidate.role === 'string' &&
    isOneOf(roles, candidate.role) &&
    (candidate.organization === undefined || typeof candidate.organization === 'string')
  );
}
