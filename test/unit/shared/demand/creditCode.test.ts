import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from '#shared/demand/creditCode.ts';

// Check characters below were computed with a separate script, not with the module under test.
const publishedExample = '91350100M000100Y43';
const withLetterCheck = '91330110MA2GL0034U';
const withZeroCheck = '91330110MA2GL043X0';
const institutionCode = '1233000050000004X0';

describe('creditCodeProblem', () => {
  it.each([publishedExample, withLetterCheck, withZeroCheck, institutionCode])('accepts %s', (code) => {
    // Act
    const problem = creditCodeProblem(code);

    // Assert
    expect(problem).toBeUndefined();
  });

  it.each([
    ['', 'must be 18 characters'],
    ['91350100M000100Y4', 'must be 18 characters'],
    ['91350100M000100Y433', 'must be 18 characters'],
    [' 91350100M000100Y43', 'must be 18 characters'],
  ])('rejects %j by its length', (code, reason) => {
    // Act
    const problem = creditCodeProblem(code);

    // Assert
    expect(problem).toEqual({ reason, code: 'creditCodeLength', params: { length: 18 } });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('names the excluded letter %s', (letter) => {
    // Arrange
    const code = `91350100M${letter}00100Y43`;

    // Act
    const problem = creditCodeProblem(code);

    // Assert
    expect(problem).toEqual({
      reason: `contains a character not used in credit codes: ${letter}`,
      code: 'creditCodeCharacters',
      params: { character: letter },
    });
  });

  it('names a character from outside the alphabet altogether', () => {
    // Act
    const problem = creditCodeProblem('91350100M000100Y4统');

    // Assert
    expect(problem).toEqual({
      reason: 'contains a character not used in credit codes: 统',
      code: 'creditCodeCharacters',
      params: { character: '统' },
    });
  });

  it('asks for upper case instead of accepting lower case', () => {
    // Act
    const problem = creditCodeProblem('91350100m000100y43');

    // Assert
    expect(problem).toEqual({ reason: 'must be in upper case', code: 'creditCodeLowerCase' });
  });

  it('requires the administrative division code to be digits', () => {
    // Arrange: the check character is right for these 17 characters, so only the division code is wrong.
    const code = '913301A0MA2GL00347';

    // Act
    const problem = creditCodeProblem(code);

    // Assert
    expect(problem).toEqual({
      reason: 'characters 3-8 (administrative division code) must be digits',
      code: 'creditCodeDivision',
    });
  });

  it.each([
    ['91350100M000100Y44', '3'],
    ['91330110MA2GL0034Y', 'U'],
    ['91330110MA2GL043XX', '0'],
  ])('names the expected check character of %s', (code, expected) => {
    // Act
    const problem = creditCodeProblem(code);

    // Assert
    expect(problem).toEqual({
      reason: `check character should be ${expected}`,
      code: 'checkCharacter',
      params: { expected },
    });
  });

  it('catches two neighbouring characters swapped', () => {
    // Arrange
    const swapped = '91350100M000010Y43';

    // Act
    const problem = creditCodeProblem(swapped);

    // Assert
    expect(problem?.code).toBe('checkCharacter');
    expect(problem?.reason).toMatch(/^check character should be /);
  });
});

describe('isValidCreditCode', () => {
  it('agrees with creditCodeProblem', () => {
    // Act
    const verdicts = [publishedExample, '91350100M000100Y44'].map(isValidCreditCode);

    // Assert
    expect(verdicts).toEqual([true, false]);
  });
});

describe('creditCodeCheckCharacter', () => {
  it('computes the check character of 17 characters, 31 becoming 0', () => {
    // Act
    const checks = ['91350100M000100Y4', '91330110MA2GL0034', '91330110MA2GL043X'].map(
      creditCodeCheckCharacter,
    );

    // Assert
    expect(checks).toEqual(['3', 'U', '0']);
  });

  it('has no answer for the wrong number of characters or a character outside the alphabet', () => {
    // Act
    const checks = ['91350100M000100Y', '91350100M000100Y43', '91350100MO00100Y4'].map(
      creditCodeCheckCharacter,
    );

    // Assert
    expect(checks).toEqual([undefined, undefined, undefined]);
  });
});
