import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { traced } from '#shared/observability/tracer.ts';

let client: CognitoIdentityProviderClient | undefined;

/**
 * The Cognito user pool's admin API, built on first use: the People functions' invitations,
 * disabling and enabling, and the second-factor check of a Cognito deployment
 * (`cognitoUsers.ts`). Built on first use, so a deployment that never calls it never builds it.
 */
export function cognito(): CognitoIdentityProviderClient {
  client ??= traced(new CognitoIdentityProviderClient({}));
  return client;
}
