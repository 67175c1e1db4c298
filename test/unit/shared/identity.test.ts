import { afterEach, describe, expect, it, vi } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '#shared/errors.ts';
import {
  callerFromClaims,
  type MemberRights,
  organizationClaim,
  organizationKey,
  verifiedEmailOf,
} from '#shared/identity.ts';
import { providerVerifiesAll } from '#shared/signIn/claimMapping.ts';

const person = { sub: 'user-1', email: 'Li.Wei@example.edu.cn', email_verified: true };
const member: MemberRights = {
  email: 'li.wei@example.edu.cn',
  roles: ['institution'],
  organization: '浙江工业大学',
  state: 'active',
};

describe('callerFromClaims', () => {
  it("takes the roles and organisation from the membership, ignoring the token's groups and organisation", () => {
    // Act
    const caller = callerFromClaims(
      { ...person, 'cognito:groups': ['admin'], [organizationClaim]: 'Another University' },
      member,
    );

    // Assert
    expect(caller).toEqual({
      sub: 'user-1',
      email: 'li.wei@example.edu.cn',
      roles: ['institution'],
      organization: '浙江工业大学',
    });
  });

  it("takes the membership's email, not the token's", () => {
    // Act
    const caller = callerFromClaims({ ...person, email: 'changed@example.com' }, member);

    // Assert
    expect(caller.email).toBe('li.wei@example.edu.cn');
  });

  it('leaves the organisation out for a member without one', () => {
    // Act
    const caller = callerFromClaims(person, { email: 'a@b.cn', roles: ['admin', 'panel'], state: 'active' });

    // Assert
    expect(caller).toEqual({ sub: 'user-1', email: 'a@b.cn', roles: ['admin', 'panel'] });
  });

  it('refuses a disabled member', () => {
    // Act
    const attempt = () => callerFromClaims(person, { ...member, state: 'disabled' });

    // Assert
    expect(attempt).toThrow(ForbiddenError);
    expect(attempt).toThrow('Your access has been disabled by the bureau');
  });

  it.each([
    ['an array of groups', ['admin']],
    ['groups as API Gateway flattens them', '[admin panel]'],
  ])('makes a signed-in non-member an applicant whatever %s the token claims', (_case, groups) => {
    // Act
    const caller = callerFromClaims(
      { ...person, 'cognito:groups': groups, [organizationClaim]: 'X' },
      undefined,
    );

    // Assert
    expect(caller).toEqual({ sub: 'user-1', email: 'li.wei@example.edu.cn', roles: ['commissioner'] });
  });

  it('accepts email_verified as the string API Gateway passes', () => {
    // Act
    const caller = callerFromClaims({ ...person, email_verified: 'true' }, undefined);

    // Assert
    expect(caller.roles).toEqual(['commissioner']);
  });

  it.each([
    ['an unverified email', { ...person, email_verified: false }],
    ['email_verified "false"', { ...person, email_verified: 'false' }],
    ['no email_verified claim', { sub: person.sub, email: person.email }],
    ['no email', { sub: person.sub, email_verified: true }],
  ])('refuses a non-member with %s until the email is verified', (_case, claims) => {
    // Act
    const attempt = () => callerFromClaims(claims, undefined);

    // Assert
    expect(attempt).toThrow(ForbiddenError);
    expect(attempt).toThrow(/Verify your email/);
  });

  it.each([
    ['no claims at all', undefined],
    ['no sub', { email: person.email, email_verified: true }],
    ['an empty sub', { sub: '', email: person.email, email_verified: true }],
    ['a sub that is not a string', { sub: 42, email: person.email, email_verified: true }],
  ])('refuses a caller with %s as unauthorized, even with a membership', (_case, claims) => {
    // Act
    const attempt = () => callerFromClaims(claims, member);

    // Assert
    expect(attempt).toThrow(UnauthorizedError);
  });
});

describe("callerFromClaims with a deployment's claim mapping", () => {
  // A bureau directory that names the address `mail` and says it is verified in `mail_checked`.
  const directoryMapping = { email: 'mail', emailVerified: 'mail_checked' };

  afterEach(() => vi.unstubAllEnvs());

  it('reads the email from the claim the deployment names, not from `email`', () => {
    // Act
    const caller = callerFromClaims(
      { sub: 'user-1', mail: 'Wang.Fang@kjj.example.gov.cn', mail_checked: 'true', email: 'x@y.cn' },
      undefined,
      directoryMapping,
    );

    // Assert
    expect(caller).toEqual({ sub: 'user-1', email: 'wang.fang@kjj.example.gov.cn', roles: ['commissioner'] });
  });

  it.each([
    ['no verified claim', { sub: 'user-1', mail: 'a@b.cn' }],
    ['only the standard email_verified claim', { sub: 'user-1', mail: 'a@b.cn', email_verified: true }],
    ['the verified claim false', { sub: 'user-1', mail: 'a@b.cn', mail_checked: 'false' }],
    ['no email under the named claim', { sub: 'user-1', email: 'a@b.cn', mail_checked: true }],
  ])('refuses a non-member with %s', (_case, claims) => {
    // Act
    const attempt = () => callerFromClaims(claims, undefined, directoryMapping);

    // Assert
    expect(attempt).toThrow(ForbiddenError);
    expect(attempt).toThrow(/Verify your email/);
  });

  it('needs no verified claim from a provider that verifies every address', () => {
    // Act
    const caller = callerFromClaims({ sub: 'user-1', mail: 'A@B.cn' }, undefined, {
      email: 'mail',
      emailVerified: providerVerifiesAll,
    });

    // Assert
    expect(caller).toEqual({ sub: 'user-1', email: 'a@b.cn', roles: ['commissioner'] });
  });

  it('still needs an email from a provider that verifies every address', () => {
    // Act
    const attempt = () =>
      callerFromClaims({ sub: 'user-1' }, undefined, { email: 'mail', emailVerified: providerVerifiesAll });

    // Assert
    expect(attempt).toThrow(ForbiddenError);
  });

  it('ignores groups and organisation claims whatever the mapping', () => {
    // Act
    const caller = callerFromClaims(
      {
        sub: 'user-1',
        mail: 'a@b.cn',
        groups: '[admin]',
        'cognito:groups': ['admin'],
        [organizationClaim]: 'X',
        organization: 'X',
      },
      undefined,
      { email: 'mail', emailVerified: providerVerifiesAll },
    );

    // Assert
    expect(caller).toEqual({ sub: 'user-1', email: 'a@b.cn', roles: ['commissioner'] });
  });

  it('takes the mapping from EMAIL_CLAIM and EMAIL_VERIFIED_CLAIM, as the deployment sets them', () => {
    // Arrange
    vi.stubEnv('EMAIL_CLAIM', 'mail');
    vi.stubEnv('EMAIL_VERIFIED_CLAIM', providerVerifiesAll);

    // Act
    const caller = callerFromClaims({ sub: 'user-1', mail: 'a@b.cn' }, undefined);

    // Assert
    expect(caller.email).toBe('a@b.cn');
    expect(verifiedEmailOf({ sub: 'user-1', email: 'a@b.cn', email_verified: true })).toBeUndefined();
  });

  it('reads the standard claims when the deployment sets neither variable', () => {
    // Arrange
    vi.stubEnv('EMAIL_CLAIM', undefined);
    vi.stubEnv('EMAIL_VERIFIED_CLAIM', undefined);

    // Act
    const email = verifiedEmailOf({ sub: 'user-1', mail: 'b@b.cn', email: 'A@b.cn', email_verified: true });

    // Assert
    expect(email).toBe('a@b.cn');
    expect(verifiedEmailOf({ sub: 'user-1', email: 'a@b.cn' })).toBeUndefined();
  });
});

describe('organizationKey', () => {
  it('ignores case', () => {
    expect(organizationKey('Zhejiang University')).toBe(organizationKey('ZHEJIANG university'));
  });

  it('ignores full-width letters and spaces (NFKC)', () => {
    // Arrange: full-width Latin letters and an ideographic space
    const fullWidth = 'Ｚｈｅｊｉａｎｇ\u3000Ｕｎｉｖｅｒｓｉｔｙ';

    // Assert
    expect(organizationKey(fullWidth)).toBe(organizationKey('Zhejiang University'));
  });

  it('ignores leading, trailing and repeated spacing', () => {
    expect(organizationKey('  Zhejiang \t  University\n')).toBe(organizationKey('Zhejiang University'));
  });

  it('still tells different organisations apart', () => {
    expect(organizationKey('Zhejiang University')).not.toBe(organizationKey('Zhejiang Normal University'));
  });

  it('yields the normalised name itself', () => {
    expect(organizationKey(' 浙江工业大学 ')).toBe('浙江工业大学');
  });
});
