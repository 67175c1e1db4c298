import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '#local/outbox.ts';
import { ConflictError, ForbiddenError } from '#shared/errors.ts';
import type { Caller } from '#shared/identity.ts';
import { membershipIndexes } from '#shared/membership/membershipIndexes.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * People invited while an external OpenID Connect provider signs people in (IDENTITY_DIRECTORY
 * external), against dynalite and a local SES outbox: the invitation waits under the address,
 * and the first sign-in with that address verified binds it to the token's subject.
 */

let outbox: Outbox;
let service: typeof import('#shared/membership/membershipService.ts');
let table: typeof import('#shared/membership/membershipTable.ts');
let signIn: typeof import('#shared/signIn/invitedSignIn.ts');
let identity: typeof import('#shared/identity.ts');

const admin: Caller = { sub: 'admin-sub', email: 'admin@kjj.example.gov.cn', roles: ['admin'] };
const tokenOf = (sub: string, email: string, verified: boolean | string = 'true') => ({
  sub,
  email,
  email_verified: verified,
});

useLocalTables({
  MEMBERSHIP_TABLE: {
    name: 'Membership',
    indexes: [
      { name: membershipIndexes.byEmail, partitionKey: 'entity', sortKey: 'email' },
      { name: membershipIndexes.byOrganization, partitionKey: 'organizationKey', sortKey: 'email' },
    ],
  },
  EMAIL_LOG_TABLE: { name: 'EmailLog' },
});

beforeAll(async () => {
  outbox = new Outbox(undefined);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: await outbox.listen(),
    EMAIL_FROM: 'noreply@example.org',
    CONSOLE_URL: 'https://console.example.org',
    IDENTITY_DIRECTORY: 'external',
    BIND_INVITATIONS: 'true',
  });
  // Imported after the endpoints are set: the shared clients read them when first created.
  service = await import('#shared/membership/membershipService.ts');
  table = await import('#shared/membership/membershipTable.ts');
  signIn = await import('#shared/signIn/invitedSignIn.ts');
  identity = await import('#shared/identity.ts');
});

afterAll(async () => {
  await outbox?.close();
});

const invite = (email: string, key: string) =>
  service.invitePerson(admin, { email, roles: ['enterprise'], organization: '杭州某某科技有限公司' }, key);

describe('an invitation with an external provider', () => {
  it('records the member under the address and emails the invitation with the console link, once', async () => {
    // Act
    const { person } = await invite('zhang@enterprise.example.cn', 'invite-zhang');
    const retried = await invite('zhang@enterprise.example.cn', 'invite-zhang');

    // Assert
    expect(person.sub).toBe(table.invitedMemberId('zhang@enterprise.example.cn'));
    expect(retried).toMatchObject({ replayed: true, person: { sub: person.sub } });
    const emails = outbox.list().filter((email) => email.to.includes('zhang@enterprise.example.cn'));
    expect(emails).toHaveLength(1);
    expect(emails[0]?.text).toContain('https://console.example.org/#/');
  });

  it('binds the member to the first sign-in that vouches for the address, keeping its rights and trail', async () => {
    // Arrange
    const { person } = await invite('li@enterprise.example.cn', 'invite-li');

    // Act
    const member = await signIn.memberSigningIn(
      'provider-sub-li',
      tokenOf('provider-sub-li', 'Li@Enterprise.example.cn'),
    );
    const caller = identity.callerFromClaims(tokenOf('provider-sub-li', 'li@enterprise.example.cn'), member);

    // Assert
    expect(caller).toEqual({
      sub: 'provider-sub-li',
      email: 'li@enterprise.example.cn',
      roles: ['enterprise'],
      organization: '杭州某某科技有限公司',
    });
    expect(await table.membershipTable.get(person.sub)).toBeUndefined();
    const bound = await service.getPerson(admin, 'provider-sub-li');
    expect(bound.audit.map((entry) => entry.action)).toEqual(['invite', 'change']);
    expect(bound.audit[1]?.reason).toContain('provider-sub-li');
    // Read by subject from then on.
    expect(await signIn.memberSigningIn('provider-sub-li', { sub: 'provider-sub-li' })).toMatchObject({
      id: 'provider-sub-li',
      roles: ['enterprise'],
    });
  });

  it.each([
    ['an unverified address', 'false'],
    ['no verified claim', undefined],
  ])('does not bind on a token with %s', async (_case, verified) => {
    // Arrange
    const email = `unverified-${String(verified)}@enterprise.example.cn`;
    const { person } = await invite(email, `invite-${email}`);
    const claims = verified === undefined ? { sub: 'someone', email } : tokenOf('someone', email, verified);

    // Act
    const member = await signIn.memberSigningIn('someone', claims);

    // Assert
    expect(member).toBeUndefined();
    expect(await table.membershipTable.get(person.sub)).toMatchObject({ roles: ['enterprise'] });
    expect(await table.membershipTable.get('someone')).toBeUndefined();
  });

  it('gives a second subject with the same address nothing: the invitation is one person', async () => {
    // Arrange
    await invite('wang@enterprise.example.cn', 'invite-wang');
    await signIn.memberSigningIn('first-sub', tokenOf('first-sub', 'wang@enterprise.example.cn'));

    // Act
    const second = await signIn.memberSigningIn(
      'second-sub',
      tokenOf('second-sub', 'wang@enterprise.example.cn'),
    );

    // Assert
    expect(second).toBeUndefined();
    expect(
      identity.callerFromClaims(tokenOf('second-sub', 'wang@enterprise.example.cn'), second).roles,
    ).toEqual(['commissioner']);
  });

  it('finishes a binding that died after the claim, and refuses another subject meanwhile', async () => {
    // Arrange: the first sign-in claimed the invitation, then died before copying it.
    const { person } = await invite('zhao@enterprise.example.cn', 'invite-zhao');
    const invited = await table.membershipTable.get(person.sub);
    expect(invited && (await table.claimInvitedMember(invited, 'zhao-sub'))).toBe(true);

    // Act
    const other = await signIn.memberSigningIn(
      'other-sub',
      tokenOf('other-sub', 'zhao@enterprise.example.cn'),
    );
    const again = await signIn.memberSigningIn('zhao-sub', tokenOf('zhao-sub', 'zhao@enterprise.example.cn'));
    const repeated = await signIn.memberSigningIn(
      'zhao-sub',
      tokenOf('zhao-sub', 'zhao@enterprise.example.cn'),
    );

    // Assert
    expect(other).toBeUndefined();
    expect(again).toMatchObject({
      id: 'zhao-sub',
      roles: ['enterprise'],
      version: invited ? invited.version + 2 : 0,
    });
    expect(repeated).toEqual(again);
    expect(await table.membershipTable.get(person.sub)).toBeUndefined();
  });

  it('refuses the bureau a change to an invitation being bound, so no change is lost', async () => {
    // Arrange
    const { person } = await invite('sun@enterprise.example.cn', 'invite-sun');
    const invited = await table.membershipTable.get(person.sub);
    if (!invited) throw new Error('not invited');
    await table.claimInvitedMember(invited, 'sun-sub');

    // Act
    const change = service.changePerson(admin, person.sub, {
      roles: ['enterprise', 'panel'],
      organization: '杭州某某科技有限公司',
      version: invited.version + 1,
    });

    // Assert
    await expect(change).rejects.toThrow(ConflictError);
  });

  it("keeps the bureau's disabling: a disabled invitation binds disabled, and is refused", async () => {
    // Arrange
    const { person } = await invite('qian@enterprise.example.cn', 'invite-qian');
    await service.setPersonState(admin, person.sub, 'disabled', 'Left the company before signing in');
    const claims = tokenOf('qian-sub', 'qian@enterprise.example.cn');

    // Act
    const member = await signIn.memberSigningIn('qian-sub', claims);

    // Assert
    expect(member).toMatchObject({ id: 'qian-sub', state: 'disabled' });
    expect(() => identity.callerFromClaims(claims, member)).toThrow(ForbiddenError);
  });

  it('binds nothing in a function that does not bind invitations (only GET /me does)', async () => {
    // Arrange
    const { person } = await invite('wu@enterprise.example.cn', 'invite-wu');
    process.env.BIND_INVITATIONS = 'false';

    // Act
    const member = await signIn
      .memberSigningIn('wu-sub', tokenOf('wu-sub', 'wu@enterprise.example.cn'))
      .finally(() => {
        process.env.BIND_INVITATIONS = 'true';
      });

    // Assert
    expect(member).toBeUndefined();
    expect(await table.membershipTable.get(person.sub)).toBeDefined();
    expect(await table.membershipTable.get('wu-sub')).toBeUndefined();
  });

  it("never gives a subject that looks like an invitation's id that invitation's rights", async () => {
    // Arrange
    const { person } = await invite('zhou@enterprise.example.cn', 'invite-zhou');

    // Act
    const member = await signIn.memberSigningIn(person.sub, tokenOf(person.sub, 'someone-else@example.cn'));

    // Assert
    expect(member).toBeUndefined();
    expect(await table.membershipTable.get(person.sub)).toBeDefined();
  });
});
