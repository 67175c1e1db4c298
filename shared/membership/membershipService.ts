import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { bureauOnly, ConflictError, noSuchRecord } from '#shared/errors.ts';
import { decodeCursor, encodeCursor } from '#shared/http/pageCursor.ts';
import { type Caller, hasRole, organizationKey, type Role } from '#shared/identity.ts';
import { type DirectoryUser, identityDirectory } from '#shared/membership/identityDirectory.ts';
import { membershipIndexes } from '#shared/membership/membershipIndexes.ts';
import {
  claimedBy,
  type EmailReservation,
  membershipTable,
  readReservation,
  reserveEmail,
  takeOverReservation,
} from '#shared/membership/membershipTable.ts';
import {
  type Membership,
  type MembershipAction,
  type MembershipChanges,
  type MembershipState,
  type Person,
  type PersonWithAudit,
  personOf,
} from '#shared/membership/model.ts';
import type { Invitation, MembershipChange, PeopleFilter } from '#shared/membership/schema.ts';
import { type ActorRef, systemActor } from '#shared/records/stagedRecord.ts';
import { recordIdFor } from '#shared/records/startWorkflow.ts';

/**
 * An invitation that reserved an address but never created its member (its request died in
 * between, and was not retried with its Idempotency-Key) gives the address up after this long.
 */
const abandonedReservationMs = 5 * 60 * 1000;

/** The most members one list request reads looking for those its filters match. */
const readBudget = 2000;

/** The bureau's admin acting, or a 403: only the bureau manages people. */
export function adminActor(caller: Caller): ActorRef {
  if (!hasRole(caller, 'admin')) throw bureauOnly('manages people');
  return { sub: caller.sub, email: caller.email, role: 'admin' };
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((role) => b.includes(role));

/** The record after one change: a new version and an audit entry saying who, when, what and why. */
function changed(
  membership: Membership,
  patch: { roles?: readonly Role[]; organization?: string | undefined; state?: MembershipState },
  entry: { actor: ActorRef; action: MembershipAction; reason?: string; changes?: MembershipChanges },
): Membership {
  const at = now().toISOString();
  const { organization: _old, ...rest } = membership;
  const organization = 'organization' in patch ? patch.organization : membership.organization;
  const version = membership.version + 1;
  return {
    ...rest,
    ...(patch.roles ? { roles: patch.roles } : {}),
    ...(organization ? { organization } : {}),
    state: patch.state ?? membership.state,
    version,
    updatedAt: at,
    recentAudit: [
      ...membership.recentAudit,
      {
        at,
        actor: entry.actor,
        action: entry.action,
        from: membership.state,
        to: patch.state ?? membership.state,
        ...(entry.reason ? { reason: entry.reason } : {}),
        ...(entry.changes ? { changes: entry.changes } : {}),
        eventId: `${membership.id}:${version}`,
      },
    ],
  };
}

/** Whether a member with this address exists (read from the index, so an abandoned reservation is long settled). */
async function memberWithEmailExists(email: string): Promise<boolean> {
  const { Count = 0 } = await dynamo().send(
    new QueryCommand({
      TableName: requireEnv('MEMBERSHIP_TABLE'),
      IndexName: membershipIndexes.byEmail,
      KeyConditionExpression: 'entity = :member AND email = :email',
      ExpressionAttributeValues: { ':member': 'member', ':email': email },
      Select: 'COUNT',
    }),
  );
  return Count > 0;
}

/** Holds the address for this invitation, or a 409: an address is one person. */
async function holdAddress(email: string, mine: EmailReservation): Promise<void> {
  if (await reserveEmail(email, mine)) return;
  const held = await readReservation(email);
  const abandoned =
    held !== undefined &&
    Date.parse(held.reservedAt) < Date.parse(mine.reservedAt) - abandonedReservationMs &&
    !(await memberWithEmailExists(email));
  if (!(held && abandoned && (await takeOverReservation(email, held, mine)))) {
    throw new ConflictError(`${email} is a member already, or being invited`, {
      code: 'alreadyMember',
      params: { email },
    });
  }
}

/** A new active member, as invited: its first audit entry says who gave which roles. */
function newMembership(
  user: DirectoryUser,
  invitation: Invitation,
  invitationId: string,
  actor: ActorRef,
  at: string,
): Membership {
  return {
    id: user.sub,
    email: invitation.email,
    roles: invitation.roles,
    ...(invitation.organization ? { organization: invitation.organization } : {}),
    directoryUsername: user.username,
    invitationId,
    state: 'active',
    version: 1,
    auditPages: 0,
    recentAudit: [
      {
        at,
        actor,
        action: 'invite',
        from: null,
        to: 'active',
        changes: {
          roles: { from: [], to: invitation.roles },
          ...(invitation.organization ? { organization: { from: null, to: invitation.organization } } : {}),
        },
        eventId: `${user.sub}:1`,
      },
    ],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * The bureau invites a person with their role(s) and organisation: the address is reserved
 * first, then the identity directory gives the person's subject, then the member is written
 * under it, then the invitation goes out. Each step is safe to repeat, so a request retried with
 * its Idempotency-Key finds its own member; any other invitation of the address is a 409.
 */
export async function invitePerson(
  caller: Caller,
  invitation: Invitation,
  idempotencyKey?: string,
): Promise<{ person: Person; replayed: boolean }> {
  const actor = adminActor(caller);
  const invitationId = recordIdFor(caller.sub, idempotencyKey);
  const at = now().toISOString();
  await holdAddress(invitation.email, { invitationId, reservedAt: at });
  const directory = identityDirectory();
  const user = await directory.createUser(invitation.email);
  const membership = newMembership(user, invitation, invitationId, actor, at);
  if (await membershipTable.create(membership)) {
    await directory.sendInvitation(membership);
    return { person: personOf(membership), replayed: false };
  }
  const existing = await membershipTable.get(user.sub);
  if (existing?.invitationId !== invitationId) {
    throw new ConflictError(`${invitation.email} is a member already`, {
      code: 'alreadyMember',
      params: { email: invitation.email },
    });
  }
  // A retry: the first try may have died before the invitation went out (it goes out once).
  await directory.sendInvitation(existing);
  return { person: personOf(existing), replayed: true };
}

async function memberOf(sub: string): Promise<Membership> {
  const membership = await membershipTable.get(sub);
  if (!membership) throw noSuchRecord('member', sub);
  return membership;
}

/**
 * A member the bureau may change: not an invitation its person is binding to their sign-in right
 * now (its copy under their subject is being made; the People page shows that one next).
 */
async function memberToChange(sub: string): Promise<Membership> {
  const membership = await memberOf(sub);
  if (claimedBy(membership) !== undefined) {
    throw new ConflictError(
      `${membership.email} has just signed in for the first time; reload and try again`,
      { code: 'changedMeanwhile' },
    );
  }
  return membership;
}

export async function getPerson(caller: Caller, sub: string): Promise<PersonWithAudit> {
  adminActor(caller);
  const membership = await memberOf(sub);
  return { ...personOf(membership), audit: await membershipTable.auditTrail(membership) };
}

/**
 * Changes a member's roles and organisation, from the version the admin read. An admin keeps
 * their own admin role: the bureau must not lock itself out.
 */
export async function changePerson(caller: Caller, sub: string, change: MembershipChange): Promise<Person> {
  const actor = adminActor(caller);
  const membership = await memberToChange(sub);
  if (change.version !== membership.version) {
    throw new ConflictError(
      `The member is at version ${membership.version}, not ${change.version}; reload and try again`,
      { code: 'changedMeanwhile' },
    );
  }
  if (sub === caller.sub && !change.roles.includes('admin')) {
    throw new ConflictError('You cannot remove your own admin role: the bureau must not lock itself out', {
      code: 'cannotLockOut',
    });
  }
  const changes: MembershipChanges = {
    ...(sameRoles(membership.roles, change.roles)
      ? {}
      : { roles: { from: membership.roles, to: change.roles } }),
    ...((membership.organization ?? null) === (change.organization ?? null)
      ? {}
      : { organization: { from: membership.organization ?? null, to: change.organization ?? null } }),
  };
  if (!changes.roles && !changes.organization) return personOf(membership);
  const next = changed(
    membership,
    { roles: change.roles, organization: change.organization },
    { actor, action: 'change', changes, ...(change.reason ? { reason: change.reason } : {}) },
  );
  await membershipTable.replace(next);
  return personOf(next);
}

/**
 * Disables or re-enables a member, with a reason: the directory first (so a retry after a
 * failure in between finishes the job), then the membership, which every request reads.
 */
export async function setPersonState(
  caller: Caller,
  sub: string,
  state: MembershipState,
  reason: string,
): Promise<Person> {
  const actor = adminActor(caller);
  const membership = await memberToChange(sub);
  if (sub === caller.sub) {
    throw new ConflictError('You cannot disable or enable yourself: the bureau must not lock itself out', {
      code: 'cannotLockOut',
    });
  }
  if (membership.state === state)
    throw new ConflictError(`The member is ${state} already`, { code: 'stepTaken' });
  const directory = identityDirectory();
  if (state === 'disabled') await directory.disable(membership.directoryUsername);
  else await directory.enable(membership.directoryUsername);
  const next = changed(
    membership,
    { state },
    { actor, action: state === 'disabled' ? 'disable' : 'enable', reason },
  );
  await membershipTable.replace(next);
  return personOf(next);
}

/**
 * A page of members by email: everyone, or one organisation's (its own index); filtered by role
 * and state as read. The cursor is there only when more remain, but for a page whose reading ran
 * out of budget (it may then be short).
 */
export async function listPeople(
  caller: Caller,
  filter: PeopleFilter,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<{ items: Person[]; nextCursor?: string }> {
  adminActor(caller);
  const partition = filter.organization
    ? {
        index: membershipIndexes.byOrganization,
        attribute: 'organizationKey',
        value: organizationKey(filter.organization),
      }
    : { index: membershipIndexes.byEmail, attribute: 'entity', value: 'member' };
  const attributes = ['id', partition.attribute, 'email'];
  const keyOf = (member: Membership) => ({
    id: member.id,
    email: member.email,
    [partition.attribute]: partition.value,
  });
  let startKey: Record<string, unknown> | undefined =
    page.cursor === undefined
      ? undefined
      : decodeCursor(page.cursor, {
          attributes,
          partition: { attribute: partition.attribute, value: partition.value },
        });
  const matching: Membership[] = [];
  let read = 0;
  // One more than the page, to tell whether any remain.
  while (matching.length <= page.limit) {
    const { items, lastKey } = await membershipTable.queryPage(
      partition.index,
      partition.attribute,
      partition.value,
      {
        limit: page.limit + 1 - matching.length,
        ...(startKey ? { startKey } : {}),
      },
    );
    read += items.length;
    matching.push(
      ...items.filter(
        (member) =>
          (!filter.role || member.roles.includes(filter.role)) &&
          (!filter.state || member.state === filter.state),
      ),
    );
    startKey = lastKey;
    if (!lastKey || read >= readBudget) break;
  }
  const items = matching.slice(0, page.limit);
  const last = items.at(-1);
  const after = matching.length > page.limit && last ? keyOf(last) : startKey;
  return { items: items.map(personOf), ...(after ? { nextCursor: encodeCursor(after) } : {}) };
}

/**
 * Makes the emails given active admins (the embedded runtime's first admins), without an invitation
 * email: safe at every start, as each address keeps the member it has, and an existing member of it
 * only gains the admin role (and is enabled).
 */
export async function seedAdmins(emails: readonly string[]): Promise<void> {
  const actor = systemActor;
  for (const email of emails.map((address) => address.toLowerCase())) {
    const user = await identityDirectory().createUser(email);
    const existing = await membershipTable.get(user.sub);
    if (!existing) {
      const invitationId = `seed-admin:${email}`;
      const at = now().toISOString();
      // An invitation under way may hold the address: then its member or this one is created, not both.
      await reserveEmail(email, { invitationId, reservedAt: at });
      await membershipTable.create(newMembership(user, { email, roles: ['admin'] }, invitationId, actor, at));
      continue;
    }
    if (existing.roles.includes('admin') && existing.state === 'active') continue;
    const roles: Role[] = existing.roles.includes('admin')
      ? [...existing.roles]
      : [...existing.roles, 'admin'];
    await membershipTable.replace(
      changed(
        existing,
        { roles, state: 'active' },
        {
          actor,
          action: existing.state === 'active' ? 'change' : 'enable',
          reason: 'Listed in BUREAU_ADMIN_EMAILS',
          ...(sameRoles(roles, existing.roles)
            ? {}
            : { changes: { roles: { from: existing.roles, to: roles } } }),
        },
      ),
    );
  }
}

/**
 * Makes the embedded runtime's demo members, each once: a person the bureau has since changed,
 * disabled or invited under that address keeps what the bureau made.
 */
export async function seedDemoMembers(people: readonly Invitation[]): Promise<void> {
  for (const person of people) {
    const user = await identityDirectory().createUser(person.email);
    if (await membershipTable.get(user.sub)) continue;
    const invitationId = `seed-demo:${person.email}`;
    const at = now().toISOString();
    // An address the bureau is inviting is the bureau's.
    if (!(await reserveEmail(person.email, { invitationId, reservedAt: at }))) continue;
    await membershipTable.create(newMembership(user, person, invitationId, systemActor, at));
  }
}
