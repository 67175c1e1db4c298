import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/*
 * The Cognito user pool's admin API: the People functions' invitations, disabling and enabling,
 * and (loaded on first use) the second-factor check of a Cognito deployment. Kept out of
 * `clients.ts` so no other function loads it on a cold start.
 */
export const cognito = new CognitoIdentityProviderClient({});
