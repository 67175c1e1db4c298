import {
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '#shared/aws/cognito.ts';

/**
 * One user of the pool (AdminGetUser), for the second-factor check every HTTP function carries:
 * it names the one command it sends, so the bundles carry that command of the Cognito client
 * and not the package's other hundred.
 */
export function adminGetUser(userPoolId: string, username: string): Promise<AdminGetUserCommandOutput> {
  return cognito().send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
}
