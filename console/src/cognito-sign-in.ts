import { ApiError, api } from './api.ts';
import { deploymentConfig } from './deployment.ts';
import { saveSession, sessionFor } from './session.ts';

const pendingKey = 'commissioner-console.sign-in';

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Sends the reader to Cognito's sign-in page (authorization code with PKCE; no secret in the browser). */
export async function startCognitoSignIn(): Promise<void> {
  const { signIn } = deploymentConfig();
  if (signIn.kind !== 'cognito') return;
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: signIn.clientId,
    redirect_uri: signIn.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${signIn.domain}/oauth2/authorize?${query}`);
}

/**
 * Finishes a sign-in when Cognito sends the reader back with a code: exchanges it for
 * tokens and keeps the ID token, which says who the reader is; GET /me says what they may do.
 */
export async function completeCognitoSignIn(): Promise<'signed-in' | 'refused' | 'failed' | 'nothing-to-do'> {
  const { signIn } = deploymentConfig();
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  const pending = sessionStorage.getItem(pendingKey);
  if (signIn.kind !== 'cognito' || !code || !pending) return 'nothing-to-do';
  sessionStorage.removeItem(pendingKey);
  history.replaceState(null, '', location.pathname + location.hash);
  const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
  if (query.get('state') !== state) return 'failed';
  const response = await fetch(`${signIn.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: signIn.clientId,
      code,
      redirect_uri: signIn.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!response.ok) return 'failed';
  const { id_token: token } = (await response.json()) as { id_token?: string };
  if (!token) return 'failed';
  // What the person may do is their membership's, which the API reads: not the token's claims.
  try {
    saveSession(sessionFor(token, await api.me(token)));
  } catch (error) {
    return error instanceof ApiError && error.status === 403 ? 'refused' : 'failed';
  }
  return 'signed-in';
}
