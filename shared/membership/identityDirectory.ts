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
import { emailLabels } from '#shared/email/catalogue.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { invitedMemberId } from '#shared/membership/membershipTable.ts';
import type { Membership } from '#shared/membership/model.ts';

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
      const { User } = await cognito().send(
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
      const user = await cognito().send(new AdminGetUserCommand({ UserPoolId, Username: email }));
      return { sub: subOf(user.UserAttributes), username: user.Username ?? email };
    }
  },
  // Cognito sent it with the temporary password when it created the user.
  async sendInvitation() {},
  async disable(username) {
    await cognito().send(
      new AdminDisableUserCommand({ UserPoolId: requireEnv('USER_POOL_ID'), Username: username }),
    );
  },
  async enable(username) {
    await cognito().send(
      new AdminEnableUserCommand({ UserPoolId: requireEnv('USER_POOL_ID'), Username: username }),
    );
  },
};

/** The system's own invitation email (once per invitation), leading to `link`. */
async function emailInvitation(membership: Membership, link: string): Promise<void> {
  await sendEmailOnce({
    dedupeKey: `membership-invitation:${membership.id}:${membership.invitationId}`,
    to: [membership.email],
    template: 'membership-invitation',
    params: {
      email: membership.email,
      roles: {
        'zh-CN': membership.roles.map((role) => emailLabels.role[role]['zh-CN']).join('、'),
        en: membership.roles.map((role) => emailLabels.role[role].en).join(', '),
      },
      organization: membership.organization ?? '-',
      link,
    },
  });
}

/** A call to the embedded runtime's identity provider's admin routes, with its admin key. */
async function localIdentityAdmin<Answer>(path: string, body: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${requireEnv('LOCAL_IDENTITY_ADMIN_URL')}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${requireEnv('LOCAL_IDENTITY_ADMIN_KEY')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`The local identity provider answered ${path} with ${response.status}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as Answer;
}

/**
 * The embedded runtime's identity provider (a real OpenID Connect provider): an account per
 * address, and an invitation whose link lets the person choose a password, sent through the
 * system's own email (so it shows in the outbox). Disabling the account stops its sign-in too.
 */
const embeddedDirectory: IdentityDirectory = {
  async createUser(email) {
    const { sub } = await localIdentityAdmin<{ sub: string }>('/users', { email });
    return { sub, username: sub };
  },
  async sendInvitation(membership) {
    // The same invitation always has the same link, so a retry sends the link the first try made.
    const { link } = await localIdentityAdmin<{ link: string }>(
      `/users/${encodeURIComponent(membership.id)}/invitations`,
      { invitationId: membership.invitationId },
    );
    await emailInvitation(membership, link);
  },
  async disable(username) {
    await localIdentityAdmin(`/users/${encodeURIComponent(username)}/disable`, {});
  },
  async enable(username) {
    await localIdentityAdmin(`/users/${encodeURIComponent(username)}/enable`, {});
  },
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
    await emailInvitation(membership, consoleLink(''));
  },
  async disable() {},
  async enable() {},
};

const directories = { cognito: cognitoDirectory, embedded: embeddedDirectory, external: externalDirectory };

/** The directory the deployment names in IDENTITY_DIRECTORY. */
export function identityDirectory(): IdentityDirectory {
  return directories[requireEnvOneOf('IDENTITY_DIRECTORY', ['cognito', 'embedded', 'external'] as const)];
}
