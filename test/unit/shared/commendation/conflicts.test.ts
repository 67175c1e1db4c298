import { describe, expect, it } from 'vitest';
import { conflictOf, excludedFromEveryNominee, expectedScores } from '#shared/commendation/conflicts.ts';

const nominee = {
  id: 'n1',
  email: 'li@zju.edu.cn',
  institution: '浙江大学',
  enterprise: '杭州精工机械有限公司',
};

describe('conflictOf', () => {
  it('excludes a panel member from their own institution’s nominee, whatever the spacing or case', () => {
    expect(conflictOf({ email: 'p@zju.edu.cn', organization: ' 浙江大学 ' }, nominee)).toBe(
      'own-institution',
    );
  });

  it('excludes a panel member from the enterprise the nominee served', () => {
    expect(conflictOf({ email: 'boss@jg.com', organization: '杭州精工机械有限公司' }, nominee)).toBe(
      'served-their-enterprise',
    );
  });

  it('excludes the nominee from scoring themselves', () => {
    expect(conflictOf({ email: 'LI@zju.edu.cn', organization: '评审专家库' }, nominee)).toBe('self');
  });

  it('lets an unrelated member score', () => {
    expect(conflictOf({ email: 'p@zjut.edu.cn', organization: '浙江工业大学' }, nominee)).toBeUndefined();
  });
});

describe('expectedScores', () => {
  it('asks each member to score every nominee but those they conflict with', () => {
    const other = {
      id: 'n2',
      email: 'wang@zjut.edu.cn',
      institution: '浙江工业大学',
      enterprise: '宁波模具有限公司',
    };
    expect(
      expectedScores(
        [
          { email: 'A@zju.edu.cn', organization: '浙江大学' },
          { email: 'b@nbu.edu.cn', organization: '宁波大学' },
        ],
        [nominee, other],
      ),
    ).toEqual([
      { memberEmail: 'a@zju.edu.cn', nomineeId: 'n2' },
      { memberEmail: 'b@nbu.edu.cn', nomineeId: 'n1' },
      { memberEmail: 'b@nbu.edu.cn', nomineeId: 'n2' },
    ]);
  });
});

describe('excludedFromEveryNominee', () => {
  const sameInstitution = {
    id: 'n2',
    email: 'zhao@zju.edu.cn',
    institution: '浙江大学',
    enterprise: '宁波模具有限公司',
  };
  const elsewhere = {
    id: 'n3',
    email: 'wang@zjut.edu.cn',
    institution: '浙江工业大学',
    enterprise: '宁波模具有限公司',
  };

  it('names a member who conflicts with every nominee, with each conflict', () => {
    const colleague = { email: 'p@zju.edu.cn', organization: '浙江大学' };
    expect(excludedFromEveryNominee([colleague], [nominee, sameInstitution])).toEqual([
      {
        member: colleague,
        conflicts: [
          { nomineeId: 'n1', conflict: 'own-institution' },
          { nomineeId: 'n2', conflict: 'own-institution' },
        ],
      },
    ]);
  });

  it('names nobody who can score at least one nominee, nor anybody before there are nominees', () => {
    const colleague = { email: 'p@zju.edu.cn', organization: '浙江大学' };
    expect(excludedFromEveryNominee([colleague], [nominee, elsewhere])).toEqual([]);
    expect(excludedFromEveryNominee([colleague], [])).toEqual([]);
  });
});
