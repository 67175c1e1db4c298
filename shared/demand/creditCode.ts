/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, laid out as
 * registration-authority code (1), entity type (2), administrative division code (3–8),
 * organisation code (9–17) and a check character (18).
 */
import type { Refusal } from '#shared/errors.ts';

/** The code's alphabet, in value order: I, O, Z, S and V are left out so they cannot be misread. */
export const creditCodeCharacters = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const creditCodeLength = 18;
const checkWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const modulus = creditCodeCharacters.length;

function characterValue(character: string): number | undefined {
  const value = creditCodeCharacters.indexOf(character);
  return character.length === 1 && value >= 0 ? value : undefined;
}

/** The check character for the first 17 characters, or undefined when one of them is not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== checkWeights.length) {
    return undefined;
  }
  let sum = 0;
  for (const [position, weight] of checkWeights.entries()) {
    const value = characterValue(first17.charAt(position));
    if (value === undefined) {
      return undefined;
    }
    sum += value * weight;
  }
  return creditCodeCharacters.charAt((modulus - (sum % modulus)) % modulus);
}

/** Why `code` is not a valid credit code, or undefined when it is. */
export function creditCodeProblem(code: string): Refusal | undefined {
  const characters = Array.from(code);
  if (characters.length !== creditCodeLength) {
    return {
      reason: `must be ${creditCodeLength} characters`,
      code: 'creditCodeLength',
      params: { length: creditCodeLength },
    };
  }
  const foreign = characters.find((c) => characterValue(c.toUpperCase()) === undefined);
  if (foreign !== undefined) {
    return {
      reason: `contains a character not used in credit codes: ${foreign}`,
      code: 'creditCodeCharacters',
      params: { character: foreign },
    };
  }
  // Refused rather than silently fixed, so that what is stored is exactly what the licence shows.
  if (code !== code.toUpperCase()) {
    return { reason: 'must be in upper case', code: 'creditCodeLowerCase' };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return {
      reason: 'characters 3-8 (administrative division code) must be digits',
      code: 'creditCodeDivision',
    };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code.charAt(17)) {
    return {
      reason: `check character should be ${expected}`,
      code: 'checkCharacter',
      params: { expected: expected ?? '' },
    };
  }
  return undefined;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}
