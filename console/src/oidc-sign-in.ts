import { ApiError, api } from './api.ts';
import { type PendingSetup, parsePendingSetup } from './cognito-totp.ts';
import { deploymentConfig } from './deployment.ts';
import {
  authorizationUrl,
  callbackOf,
  endSessionUrl,
  idTokenMismatch,
  newPendingSignIn,
  parsePendingSignIn,
  tokenRequestBody,
} from './oidc.ts';
import { homeRoute } from './page.ts';
import { clearSession, currentSession, saveSession, sessionFor, takeReturnRoute } from './session.ts';

const pendingKey = 'commissioner-console.sign-in';
const setupKey = 'commissioner-console.second-factor-setup';

/** The console's page for setting up an authenticator app with Cognito. */
export const secondFactorSetupRoute = '/second-factor';

/**
 * Sends the reader to the provider's sign-in page (authorization code with PKCE; no secret in the browser),
 * asking for a second factor when their role needs one.
 */
export async function startSignIn(secondFactor = false): Promise<void> {
  const pending = newPendingSignIn(secondFactor);
  sessionStorage.removeItem(setupKey);
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  location.assign(await authorizationUrl(deploymentConfig().signIn, pending));
}

/**
 * Finishes a sign-in when the provider sends the reader back: exchanges the code for tokens and keeps
 * the ID token, which says who the reader is; GET /me says what they may do, and whether their role needs
 * a second factor this sign-in did not have.
 */
export async function completeSignIn(): Promise<
  | 'signed-in'
  | 'refused'
  | 'failed'
  | 'second-factor-missing'
  | 'asking-second-factor'
  | 'setting-up-second-factor'
  | 'nothing-to-do'
> {
  const { signIn } = deploymentConfig();
  const pending = parsePendingSignIn(sessionStorage.getItem(pendingKey));
  const callback = callbackOf(new URLSearchParams(location.search), pending, signIn);
  if (callback.kind === 'none') return 'nothing-to-do';
  // A code is good once: neither a reload nor a bookmark may send it again.
  sessionStorage.removeItem(pendingKey);
  history.replaceState(null, '', location.pathname + location.hash);
  if (callback.kind === 'refused' || !pending) return 'failed';
  const response = await fetch(signIn.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(signIn, callback.code, pending),
  }).catch(() => undefined);
  if (!response?.ok) return 'failed';
  const { id_token: token, access_token: accessToken } = (await response.json().catch(() => ({}))) as {
    id_token?: unknown;
    access_token?: unknown;
  };
  if (typeof token !== 'string' || idTokenMismatch(token, signIn, pending) !== undefined) return 'failed';
  // What the person may do is their membership's, which the API reads: not the token's claims.
  try {
    const me = await api.me(token);
    if (me.secondFactorRequired) {
      // Cognito's sign-in pages never offer an authenticator app when MFA is optional: the console does,
      // with the access token, which is kept for this tab only and never sent to our API.
      if (signIn.cognitoSecondFactorSetup !== undefined && typeof accessToken === 'string') {
        const setup: PendingSetup = { idToken: token, accessToken, email: me.email };
        sessionStorage.setItem(setupKey, JSON.stringify(setup));
        history.replaceState(null, '', `${location.pathname}#${secondFactorSetupRoute}`);
        return 'setting-up-second-factor';
      }
      // The bureau's and panel's rights need a second factor: ask the provider for one, once.
      if (signIn.secondFactorAcrValues === undefined || pending.secondFactor) return 'second-factor-missing';
      await startSignIn(true);
      return 'asking-second-factor';
    }
    const session = sessionFor(token, me);
    saveSession(session);
    history.replaceState(null, '', `${location.pathname}#${takeReturnRoute() ?? homeRoute(session.role)}`);
  } catch (error) {
    return error instanceof ApiError && error.status === 403 ? 'refused' : 'failed';
  }
  return 'signed-in';
}

/** The setup this tab's sign-in left to do, if any. */
export function pendingSecondFactorSetup(): PendingSetup | undefined {
  return parsePendingSetup(sessionStorage.getItem(setupKey));
}

/**
 * After the authenticator app is set up, asks GET /me again: when the second factor is no longer missing
 * the person is signed in and goes where they were going; otherwise they stay where they are.
 */
export async function finishSecondFactorSetup(setup: PendingSetup): Promise<'signed-in' | 'still-required'> {
  const me = await api.me(setup.idToken);
  if (me.secondFactorRequired) return 'still-required';
  sessionStorage.removeItem(setupKey);
  const session = sessionFor(setup.idToken, me);
  saveSession(session);
  location.hash = `#${takeReturnRoute() ?? homeRoute(session.role)}`;
  return 'signed-in';
}

/**
 * Forgets the session here; where the provider can end its own session too, the address to send the
 * reader to for that (they come back to the console's sign-in page).
 */
export function signOut(): string | undefined {
  const session = currentSession();
  clearSession();
  sessionStorage.removeItem(setupKey);
  return session && endSessionUrl(deploymentConfig().signIn, session.token);
}
