import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/*
 * The Cognito user pool's admin API, for the People function only (invitations, disabling and
 * enabling users): kept out of `clients.ts` so no other function loads it on a cold start.
 */
export const cognito = new CognitoIdentityProviderClient({});
