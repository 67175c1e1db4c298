import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { traced } from '#shared/observability/tracer.ts';

let client: CognitoIdentityProviderClient | undefined;

/**
 * The Cognito user pool's admin API, built on first use: the People functions' invitations,
 * disabling and enabling, and (loaded on first use) the second-factor check of a Cognito
 * deployment. A module of its own so no other function loads it on a cold start.
 */
export function cognito(): CognitoIdentityProviderClient {
  client ??= traced(new CognitoIdentityProviderClient({}));
  return client;
}
