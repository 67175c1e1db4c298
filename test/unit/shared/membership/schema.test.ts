import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { changeMembershipSchema, inviteSchema, membershipReasonSchema } from '#shared/membership/schema.ts';
import { parseInput } from '#shared/validation.ts';

function fieldsOf(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('inviteSchema', () => {
  it('keeps an address in lower case: an email is one person whatever its case', () => {
    // Act
    const invitation = parseInput(inviteSchema, { email: 'Wang.Fang@Example.COM', roles: ['admin'] });

    // Assert
    expect(invitation.email).toBe('wang.fang@example.com');
  });

  it.each([
    ['institution', '浙江工业大学'],
    ['enterprise', '甲精密机械有限公司'],
  ])('takes a %s member with their organisation', (role, organization) => {
    // Act
    const invitation = parseInput(inviteSchema, { email: 'a@b.cn', roles: [role], organization });

    // Assert
    expect(invitation).toEqual({ email: 'a@b.cn', roles: [role], organization });
  });

  it('lets a panel member keep an affiliation, or none', () => {
    // Act
    const withOne = parseInput(inviteSchema, {
      email: 'a@b.cn',
      roles: ['panel'],
      organization: '省科技咨询中心',
    });
    const without = parseInput(inviteSchema, { email: 'a@b.cn', roles: ['panel'] });

    // Assert
    expect(withOne.organization).toBe('省科技咨询中心');
    expect(without).not.toHaveProperty('organization');
  });

  it.each([
    [
      'an enterprise member without an organisation',
      { roles: ['enterprise'] },
      [
        {
          field: 'organization',
          reason: 'is required for institution and enterprise members',
          code: 'organizationRequired',
        },
      ],
    ],
    [
      'a blank organisation',
      { roles: ['institution'], organization: '   ' },
      [
        {
          field: 'organization',
          reason: 'must be at least 2 characters',
          code: 'tooShort',
          params: { minimum: 2 },
        },
      ],
    ],
    [
      'an organisation for an admin and commissioner',
      { roles: ['admin', 'commissioner'], organization: 'X 公司' },
      [
        {
          field: 'organization',
          reason: 'is only for institution, enterprise and panel members',
          code: 'organizationNotAllowed',
        },
      ],
    ],
    [
      'both a research office and an enterprise',
      { roles: ['institution', 'enterprise'], organization: '浙江工业大学' },
      [
        {
          field: 'roles',
          reason: 'must not name both institution and enterprise: one organisation is one kind',
          code: 'organizationOfOneKind',
        },
      ],
    ],
    [
      'no role',
      { roles: [] },
      [{ field: 'roles', reason: 'must name at least one role', code: 'tooFew', params: { minimum: 1 } }],
    ],
    [
      'a role twice',
      { roles: ['panel', 'panel'] },
      [{ field: 'roles', reason: 'must not name a role twice', code: 'duplicateEntries' }],
    ],
    [
      'a control character in the organisation',
      { roles: ['enterprise'], organization: '甲公司\u0007' },
      [{ field: 'organization', reason: 'must be one line, without control characters', code: 'notOneLine' }],
    ],
  ])('refuses %s', (_case, body, fields) => {
    // Act
    const problems = fieldsOf(() => parseInput(inviteSchema, { email: 'a@b.cn', ...body }));

    // Assert
    expect(problems).toEqual(fields);
  });
});

describe('changeMembershipSchema', () => {
  it('needs the version the change was made from', () => {
    // Act
    const problems = fieldsOf(() => parseInput(changeMembershipSchema, { roles: ['panel'] }));

    // Assert
    expect(problems).toEqual([{ field: 'version', reason: 'is required', code: 'required' }]);
  });

  it('applies the same organisation rule as an invitation', () => {
    // Act
    const problems = fieldsOf(() =>
      parseInput(changeMembershipSchema, { roles: ['enterprise'], version: 2 }),
    );

    // Assert
    expect(problems).toEqual([
      {
        field: 'organization',
        reason: 'is required for institution and enterprise members',
        code: 'organizationRequired',
      },
    ]);
  });
});

describe('membershipReasonSchema', () => {
  it('needs a reason to disable or enable someone', () => {
    // Act
    const problems = fieldsOf(() => parseInput(membershipReasonSchema, { reason: '  ' }));

    // Assert
    expect(problems).toEqual([{ field: 'reason', reason: 'must not be empty', code: 'empty' }]);
  });
});
