import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '#shared/errors.ts';
import { callerFromClaims, type MemberRights, organizationClaim, organizationKey } from '#shared/identity.ts';

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
