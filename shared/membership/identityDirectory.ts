import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '#shared/aws/cognito.ts';
import { requireEnv, requireEnvOneOf } from '#shared/config.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { invitedMemberId } from '#shared/membership/membershipTable.ts';
import type { Membership } from '#shared/membership/model.ts';
import { localSubjectFor } from '#shared/membership/subject.ts';

/** Where people sign in: their subject, and the name to disable or enable them by. */
export interface DirectoryUser {
  readonly sub: string;
  readonly username: string;
}

/** The identity provider's user accounts, as the People API manages them. */
export interface IdentityDirectory {
  /** Creates the person's sign-in (or finds the one they have): safe to repeat. */
  createUser(email: string): Promise<DirectoryUser>;
  /** Tells a new member how to sign in, once. */
  sendInvitation(membership: Membership): Promise<void>;
  disable(username: string): Promise<void>;
  enable(username: string): Promise<void>;
}

const subOf = (attributes: readonly AttributeType[] | undefined) => {
  const sub = attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  if (!sub) throw new Error('Cognito answered a user without a sub');
  return sub;
};

/**
 * Cognito: AdminCreateUser with a verified email, so Cognito itself emails the invitation with a
 * temporary password; a repeat finds the user it created. Disabling a user there also stops their
 * sign-in, beside the membership that already refuses them.
 */
const cognitoDirectory: IdentityDirectory = {
  async createUser(email) {
    const UserPoolId = requireEnv('USER_POOL_ID');
    try {
      const { User } = await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      return { sub: subOf(User?.Attributes), username: User?.Username ?? email };
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw error;
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username: email }));
      return { sub: subOf(user.UserAttributes), username: user.Username ?? email };
    }
  },
  // Cognito sent it with the temporary password when it created the user.
  async sendInvitation() {},
  async disable(username) {
    await cognito.send(
      new AdminDisableUserCommand({ UserPoolId: requireEnv('USER_POOL_ID'), Username: username }),
    );
  },
  async enable(username) {
    await cognito.send(
      new AdminEnableUserCommand({ UserPoolId: requireEnv('USER_POOL_ID'), Username: username }),
    );
  },
};

/**
 * The embedded runtime's identity: the subject its sign-in gives the address, and the invitation
 * sent through the system's own email (so it shows in the outbox) with the console's address.
 * Its sign-in has no accounts to disable: the membership refuses a disabled person.
 */
const embeddedDirectory: IdentityDirectory = {
  async createUser(email) {
    return { sub: localSubjectFor(email), username: email };
  },
  async sendInvitation(membership) {
    await sendEmailOnce({
      dedupeKey: `membership-invitation:${membership.id}:${membership.invitationId}`,
      to: [membership.email],
      template: 'membership-invitation',
      params: {
        email: membership.email,
        roles: membership.roles.join(', '),
        organization: membership.organization ?? '-',
        link: consoleLink(''),
      },
    });
  },
  async disable() {},
  async enable() {},
};

/**
 * An external OpenID Connect provider (the bureau's own identity system): its accounts are the
 * bureau's to manage there, and their subjects unknown until each person signs in. So the member
 * waits under an id derived from the address (the first sign-in with that address verified binds
 * it to the subject), and the system emails the invitation itself, with the console's address.
 * Disabling is the membership's alone: it refuses the person whatever the provider says.
 */
const externalDirectory: IdentityDirectory = {
  async createUser(email) {
    return { sub: invitedMemberId(email), username: email };
  },
  async sendInvitation(membership) {
    await sendEmailOnce({
      dedupeKey: `membership-invitation:${membership.id}:${membership.invitationId}`,
      to: [membership.email],
      template: 'membership-invitation',
      params: {
        email: membership.email,
        roles: membership.roles.join(', '),
        organization: membership.organization ?? '-',
        link: consoleLink(''),
      },
    });
  },
  async disable() {},
  async enable() {},
};

const directories = { cognito: cognitoDirectory, embedded: embeddedDirectory, external: externalDirectory };

/** The directory the deployment names in IDENTITY_DIRECTORY. */
export function identityDirectory(): IdentityDirectory {
  return directories[requireEnvOneOf('IDENTITY_DIRECTORY', ['cognito', 'embedded', 'external'] as const)];
}
