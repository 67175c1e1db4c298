import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demandForm, testPasswordFor } from '#test/support/apiClient.ts';
import { signInThroughProvider } from '#test/support/oidcSignIn.ts';
import { mintToken } from '#test/support/providerTokens.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * Membership the bureau controls: the seeded admin invites people through the People API; what a
 * signed-in person may do is their membership's, whatever their token claims about groups or
 * organisations.
 */

const enterpriseA = '甲精密机械有限公司';
const enterpriseB = '乙智能装备有限公司';

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.adminToken();
});

afterAll(async () => {
  await runtime?.stop();
});

/** A token signed with the runtime's own provider key, carrying whatever claims a user might give themselves. */
async function tokenWithClaims(claims: Record<string, unknown>): Promise<string> {
  const { signIn } = await api.consoleConfig();
  return mintToken({ dataDir: runtime.dataDir, issuer: signIn.issuer, claims });
}

async function postDemand(token: string, enterprise: string): Promise<string> {
  const { status, body } = await api.request('POST', '/demands', { token, body: demandForm(enterprise) });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.demand.id as string;
}

describe('an invited enterprise user', () => {
  const email = 'Wang.Fang@jia-machinery.example.com';
  let sub: string;
  let token: string;
  let ownDemand: string;
  let otherDemand: string;

  it('is invited by the bureau, and the invitation in the outbox links to choosing a password', async () => {
    // Act
    const { status, body } = await api.request('POST', '/people', {
      token: admin,
      body: { email, roles: ['enterprise'], organization: enterpriseA },
    });

    // Assert
    expect(status, JSON.stringify(body)).toBe(201);
    sub = body.person.sub;
    expect(sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.person).toMatchObject({
      email: email.toLowerCase(),
      roles: ['enterprise'],
      organization: enterpriseA,
      state: 'active',
      version: 1,
    });
    const invitations = await api.invitationsTo(email.toLowerCase());
    expect(invitations).toHaveLength(1);
    expect(invitations[0]?.text).toContain(`${runtime.url}/oidc/invitation/`);
    // The role by its name in each language, never its id.
    expect(invitations[0]?.text).toContain('角色：企业');
    expect(invitations[0]?.text).toContain('as Enterprise');
  });

  it("chooses a password through the link, signs in at the identity provider and sees only their enterprise's records", async () => {
    // Arrange
    const other = await api.signIn('zhao@yi-equipment.example.com', 'enterprise', enterpriseB);
    otherDemand = await postDemand(other, enterpriseB);
    await api.acceptInvitation(email);
    token = await api.signInAs(email);

    // Act
    ownDemand = await postDemand(token, enterpriseA);
    const me = await api.request('GET', '/me', { token });
    const list = await api.request('GET', '/demands', { token });
    const others = await api.request('GET', `/demands/${otherDemand}`, { token });

    // Assert
    expect(me.body).toEqual({
      sub,
      email: email.toLowerCase(),
      roles: ['enterprise'],
      organization: enterpriseA,
      state: 'active',
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([ownDemand]);
    expect(others.status).toBe(403);
  });

  it('acts for the new organisation on the next request once the bureau changes it, and the trail says so', async () => {
    // Act
    const changed = await api.request('PUT', `/people/${sub}`, {
      token: admin,
      body: { roles: ['enterprise'], organization: enterpriseB, version: 1, reason: 'moved to 乙' },
    });
    const nowOthers = await api.request('GET', `/demands/${otherDemand}`, { token });
    const nowOwn = await api.request('GET', `/demands/${ownDemand}`, { token });
    const person = await api.request('GET', `/people/${sub}`, { token: admin });

    // Assert
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.person).toMatchObject({ organization: enterpriseB, version: 2 });
    expect(nowOthers.status).toBe(200);
    expect(nowOwn.status).toBe(403);
    expect(person.body.person.audit).toMatchObject([
      { action: 'invite', actor: { email: ApiClient.seededAdminEmail, role: 'admin' }, to: 'active' },
      {
        action: 'change',
        actor: { email: ApiClient.seededAdminEmail },
        reason: 'moved to 乙',
        changes: { organization: { from: enterpriseA, to: enterpriseB } },
      },
    ]);
  });

  it('refuses a change from a stale version with 409, changing nothing', async () => {
    // Act
    const stale = await api.request('PUT', `/people/${sub}`, {
      token: admin,
      body: { roles: ['enterprise'], organization: enterpriseA, version: 1 },
    });
    const person = await api.request('GET', `/people/${sub}`, { token: admin });

    // Assert
    expect(stale.status).toBe(409);
    expect(person.body.person).toMatchObject({ organization: enterpriseB, version: 2 });
  });

  it('is refused everywhere once disabled, and let back in once enabled', async () => {
    // Act
    const disabled = await api.request('POST', `/people/${sub}/disable`, {
      token: admin,
      body: { reason: 'left the company' },
    });
    const meWhileDisabled = await api.request('GET', '/me', { token });
    const listWhileDisabled = await api.request('GET', '/demands', { token });
    const { signIn } = await api.consoleConfig();
    const freshSignIn = await signInThroughProvider({
      issuer: signIn.issuer,
      clientId: signIn.clientId,
      redirectUri: signIn.redirectUri,
      email,
      password: testPasswordFor(email),
    }).catch((error: unknown) => String(error));
    const enabled = await api.request('POST', `/people/${sub}/enable`, {
      token: admin,
      body: { reason: 'came back' },
    });
    const meAfter = await api.request('GET', '/me', { token });

    // Assert
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body.person.state).toBe('disabled');
    expect(meWhileDisabled.status).toBe(403);
    expect(meWhileDisabled.body.message).toBe('Your access has been disabled by the bureau');
    expect(listWhileDisabled.status).toBe(403);
    // The provider refuses the disabled person's sign-in; the token they hold gets 403 everywhere.
    expect(freshSignIn).toMatch(/stopped with 401/);
    expect(enabled.status).toBe(200);
    expect(meAfter.status).toBe(200);
    expect(meAfter.body.state).toBe('active');
  });

  it('is one person: a second invitation of the address (in any case) is a 409', async () => {
    // Act
    const again = await api.request('POST', '/people', {
      token: admin,
      body: { email: email.toUpperCase(), roles: ['panel'] },
    });

    // Assert
    expect(again.status).toBe(409);
    expect((await api.request('GET', `/people/${sub}`, { token: admin })).body.person.roles).toEqual([
      'enterprise',
    ]);
  });
});

describe('invitations', () => {
  it('answers a retry with the same Idempotency-Key with the same person, sending one invitation', async () => {
    // Arrange
    const request = {
      token: admin,
      body: { email: 'panel.expert@example.edu.cn', roles: ['panel', 'commissioner'] },
      headers: { 'idempotency-key': 'invite-panel-expert' },
    };

    // Act
    const first = await api.request('POST', '/people', request);
    const retry = await api.request('POST', '/people', request);

    // Assert
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.person.sub).toBe(first.body.person.sub);
    expect(await api.invitationsTo('panel.expert@example.edu.cn')).toHaveLength(1);
  });

  it.each([
    [
      'no email, no role',
      { roles: [] },
      [
        { field: 'email', reason: 'is required', code: 'required' },
        { field: 'roles', reason: 'must name at least one role', code: 'tooFew', params: { minimum: 1 } },
      ],
    ],
    [
      'an enterprise without its organisation',
      { email: 'a@b.cn', roles: ['enterprise'] },
      [
        {
          field: 'organization',
          reason: 'is required for institution and enterprise members',
          code: 'organizationRequired',
        },
      ],
    ],
    [
      'an organisation for an admin',
      { email: 'a@b.cn', roles: ['admin', 'commissioner'], organization: enterpriseA },
      [
        {
          field: 'organization',
          reason: 'is only for institution, enterprise and panel members',
          code: 'organizationNotAllowed',
        },
      ],
    ],
    [
      'a role that does not exist and an unknown field',
      { email: 'a@b.cn', roles: ['superuser'], team: 'x' },
      [
        { field: 'team', reason: 'is not a known field', code: 'unknownField' },
        {
          field: 'roles.0',
          reason: expect.stringContaining('must be one of'),
          code: 'notOneOf',
          params: { values: expect.stringContaining('commissioner') },
        },
      ],
    ],
    [
      'an organisation with a line break',
      { email: 'a@b.cn', roles: ['institution'], organization: '浙江大学\r\n=cmd' },
      [{ field: 'organization', reason: 'must be one line, without control characters', code: 'notOneLine' }],
    ],
  ])('answers 400 naming the fields for %s', async (_case, body, fields) => {
    // Act
    const { status, body: answer } = await api.request('POST', '/people', { token: admin, body });

    // Assert
    expect(status).toBe(400);
    expect(answer.fields).toEqual(expect.arrayContaining(fields));
    expect(answer.fields).toHaveLength(fields.length);
  });

  it('answers 400 to a change without a version, and 404 for nobody', async () => {
    // Act
    const noVersion = await api.request('PUT', `/people/${randomUUID()}`, {
      token: admin,
      body: { roles: ['panel'] },
    });
    const nobody = await api.request('GET', `/people/${randomUUID()}`, {
      token: admin,
    });
    const reservation = await api.request('GET', `/people/${encodeURIComponent('email#a@b.cn')}`, {
      token: admin,
    });

    // Assert
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.fields).toEqual([{ field: 'version', reason: 'is required', code: 'required' }]);
    expect(nobody.status).toBe(404);
    expect(reservation.status).toBe(404);
  });
});

describe('the bureau cannot lock itself out', () => {
  it('refuses an admin disabling themselves or dropping their own admin role', async () => {
    // Arrange
    const me = (await api.request('GET', '/me', { token: admin })).body;
    const person = (await api.request('GET', `/people/${me.sub}`, { token: admin })).body.person;

    // Act
    const disable = await api.request('POST', `/people/${me.sub}/disable`, {
      token: admin,
      body: { reason: 'oops' },
    });
    const demote = await api.request('PUT', `/people/${me.sub}`, {
      token: admin,
      body: { roles: ['panel'], version: person.version },
    });

    // Assert
    expect(disable.status).toBe(409);
    expect(demote.status).toBe(409);
    expect(demote.body.message).toMatch(/lock itself out/);
    expect([disable.body.code, demote.body.code]).toEqual(['cannotLockOut', 'cannotLockOut']);
    expect((await api.request('GET', '/me', { token: admin })).body.roles).toEqual(['admin']);
  });
});

describe('the People list', () => {
  it('filters by role, organisation and state, and pages with a cursor', async () => {
    // Arrange
    for (const n of [1, 2, 3]) await api.signIn(`office${n}@example.edu.cn`, 'institution', '浙江工业大学');

    // Act
    const first = await api.request('GET', '/people?role=institution&limit=2', { token: admin });
    const second = await api.request(
      'GET',
      `/people?role=institution&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: admin },
    );
    const byOrganization = await api.request(
      'GET',
      `/people?organization=${encodeURIComponent(' 浙江工业大学 ')}`,
      { token: admin },
    );
    const disabled = await api.request('GET', '/people?state=disabled', { token: admin });
    const foreignCursor = await api.request(
      'GET',
      `/people?organization=x1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: admin },
    );
    const badFilter = await api.request('GET', '/people?state=gone', { token: admin });

    // Assert
    const emails = (page: typeof first) => page.body.items.map((p: { email: string }) => p.email);
    expect(emails(first)).toEqual(['office1@example.edu.cn', 'office2@example.edu.cn']);
    expect(emails(second)).toEqual(['office3@example.edu.cn']);
    expect(second.body.nextCursor).toBeUndefined();
    expect(emails(byOrganization)).toEqual([
      'office1@example.edu.cn',
      'office2@example.edu.cn',
      'office3@example.edu.cn',
    ]);
    expect(disabled.body.items).toEqual([]);
    expect(foreignCursor.status).toBe(400);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.fields).toEqual([
      {
        field: 'state',
        reason: 'must be active or disabled',
        code: 'notOneOf',
        params: { values: 'active, disabled' },
      },
    ]);
  });
});

describe('what a user may edit about themselves', () => {
  it('changes nothing: claims of admin groups and an organisation give only the membership its rights', async () => {
    // Arrange: a non-member, and an enterprise member, each claiming the bureau's group and another organisation
    const strangerSub = randomUUID();
    const stranger = await tokenWithClaims({
      sub: strangerSub,
      email: 'mallory@example.com',
      email_verified: true,
      'cognito:groups': ['admin'],
      'custom:organization': enterpriseA,
    });
    const memberEmail = 'zhao@yi-equipment.example.com';
    const member = await tokenWithClaims({
      sub: await api.subOf(memberEmail),
      email: memberEmail,
      email_verified: true,
      'cognito:groups': ['admin'],
      'custom:organization': enterpriseA,
    });

    // Act
    const strangerMe = await api.request('GET', '/me', { token: stranger });
    const strangerPeople = await api.request('GET', '/people', { token: stranger });
    const strangerDemands = await api.request('GET', '/demands', { token: stranger });
    const memberMe = await api.request('GET', '/me', { token: member });
    const memberPeople = await api.request('GET', '/people', { token: member });
    const memberDemands = await api.request('GET', '/demands', { token: member });

    // Assert
    expect(strangerMe.body).toEqual({
      sub: strangerSub,
      email: 'mallory@example.com',
      roles: ['commissioner'],
      state: 'active',
    });
    expect(strangerPeople.status).toBe(403);
    expect(strangerDemands.status).toBe(403);
    expect(memberMe.body).toMatchObject({ roles: ['enterprise'], organization: enterpriseB });
    expect(memberPeople.status).toBe(403);
    expect(memberDemands.status).toBe(200);
    expect(JSON.stringify(memberDemands.body)).not.toContain(enterpriseA);
  });

  it('refuses a non-member whose email is not verified', async () => {
    // Arrange
    const unverified = await tokenWithClaims({
      sub: randomUUID(),
      email: 'unverified@example.com',
      email_verified: false,
    });

    // Act
    const me = await api.request('GET', '/me', { token: unverified });

    // Assert
    expect(me.status).toBe(403);
    expect(me.body.message).toMatch(/Verify your email/);
  });
});

describe('a second factor for the bureau and the panel', () => {
  it("gives a bureau or panel member's password-only sign-in nothing but GET /me, which says so", async () => {
    // Arrange: a new panel member and a new admin, who have no authenticator yet, sign in with a password alone
    const panelEmail = 'second.factor.panel@example.edu.cn';
    const adminEmail = 'second.factor.admin@kjj.example.gov.cn';
    const panelPasswordOnly = await api.signInAs(
      panelEmail,
      (await api.credentialsFor(panelEmail, 'panel')).password,
    );
    const adminPasswordOnly = await api.signInAs(
      adminEmail,
      (await api.credentialsFor(adminEmail, 'admin')).password,
    );

    // Act
    const panelMe = await api.request('GET', '/me', { token: panelPasswordOnly });
    const panelTasks = await api.request('GET', '/tasks', { token: panelPasswordOnly });
    const adminMe = await api.request('GET', '/me', { token: adminPasswordOnly });
    const adminPeople = await api.request('GET', '/people', { token: adminPasswordOnly });
    const adminInvites = await api.request('POST', '/people', {
      token: adminPasswordOnly,
      body: { email: 'never.invited@example.com', roles: ['panel'] },
    });
    const withSecondFactor = await api.request('GET', '/tasks', {
      token: await api.signIn(panelEmail, 'panel'),
    });

    // Assert
    expect(panelMe.body).toMatchObject({ roles: ['panel'], secondFactorRequired: true });
    expect(panelTasks.status).toBe(403);
    expect(panelTasks.body).toEqual({
      error: 'SecondFactorRequired',
      message: 'Your role needs a second factor: sign in again with your authenticator app',
    });
    expect(adminMe.body).toMatchObject({ roles: ['admin'], secondFactorRequired: true });
    expect(adminPeople.status).toBe(403);
    expect(adminInvites.status).toBe(403);
    expect(await api.subOf('never.invited@example.com')).toBeUndefined();
    expect(withSecondFactor.status).toBe(200);
    expect(api.totpSecretOf(panelEmail)).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('offers it to others: an enterprise user signs in with a password alone and has their rights', async () => {
    // Act
    const token = await api.signIn('password.only@bing-tech.example.com', 'enterprise', enterpriseA);
    const me = await api.request('GET', '/me', { token });
    const demands = await api.request('GET', '/demands', { token });

    // Assert
    expect(me.body).not.toHaveProperty('secondFactorRequired');
    expect(demands.status).toBe(200);
  });
});
