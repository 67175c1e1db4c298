/**
 * Where the console runs. The embedded runtime serves the API on the console's own origin
 * and signs in locally; a cloud deployment publishes `config.json` beside the console with
 * the API's address and the Cognito sign-in to use.
 */
export type SignInMethod =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'cognito';
      readonly domain: string;
      readonly clientId: string;
      readonly redirectUri: string;
    };

export interface DeploymentConfig {
  readonly apiUrl: string;
  readonly signIn: SignInMethod;
}

let config: DeploymentConfig = { apiUrl: '', signIn: { kind: 'local' } };

export async function loadDeploymentConfig(): Promise<void> {
  const response = await fetch('config.json', { cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok) return;
  const loaded = (await response.json().catch(() => undefined)) as Partial<DeploymentConfig> | undefined;
  if (loaded && typeof loaded.apiUrl === 'string' && loaded.signIn?.kind === 'cognito') {
    config = { apiUrl: loaded.apiUrl.replace(/\/$/, ''), signIn: loaded.signIn };
  }
}

export function deploymentConfig(): DeploymentConfig {
  return config;
}

export const isLocalRuntime = (): boolean => config.signIn.kind === 'local';
