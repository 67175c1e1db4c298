import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '#shared/errors.ts';
import { callerFromClaims, organizationClaim, organizationKey } from '#shared/identity.ts';

const person = { sub: 'user-1', email: 'li.wei@example.edu.cn' };

describe('callerFromClaims', () => {
  it('reads the groups when the local runtime passes them as an array', () => {
    // Act
    const caller = callerFromClaims({ ...person, 'cognito:groups': ['admin', 'commissioner'] });

    // Assert
    expect(caller).toEqual({ ...person, roles: ['admin', 'commissioner'] });
  });

  it("reads the groups from API Gateway's flattened string", () => {
    // Act
    const caller = callerFromClaims({ ...person, 'cognito:groups': '[admin commissioner]' });

    // Assert
    expect(caller.roles).toEqual(['admin', 'commissioner']);
  });

  it('reads a flattened string holding a single group', () => {
    // Act
    const caller = callerFromClaims({ ...person, 'cognito:groups': '[institution]' });

    // Assert
    expect(caller.roles).toEqual(['institution']);
  });

  it('ignores groups that are not roles, in either form', () => {
    // Act
    const fromArray = callerFromClaims({ ...person, 'cognito:groups': ['superuser', 'panel', 'Admin'] });
    const fromString = callerFromClaims({ ...person, 'cognito:groups': '[superuser panel Admin]' });

    // Assert
    expect(fromArray.roles).toEqual(['panel']);
    expect(fromString.roles).toEqual(['panel']);
  });

  it('gives no roles when there is no groups claim', () => {
    // Act
    const caller = callerFromClaims({ ...person });

    // Assert
    expect(caller.roles).toEqual([]);
  });

  it('reads the organisation from custom:organization', () => {
    // Act
    const caller = callerFromClaims({
      ...person,
      'cognito:groups': ['institution'],
      [organizationClaim]: 'Zhejiang University of Technology',
    });

    // Assert
    expect(organizationClaim).toBe('custom:organization');
    expect(caller.organization).toBe('Zhejiang University of Technology');
  });

  it('leaves the organisation out when the claim is empty', () => {
    // Act
    const caller = callerFromClaims({ ...person, [organizationClaim]: '' });

    // Assert
    expect(caller).not.toHaveProperty('organization');
  });

  it.each([
    ['no claims at all', undefined],
    ['no sub', { email: person.email }],
    ['no email', { sub: person.sub }],
    ['a sub that is not a string', { sub: 42, email: person.email }],
  ])('refuses a caller with %s as unauthorized', (_case, claims) => {
    // Act
    const attempt = () => callerFromClaims(claims);

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
