/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, laid out as
 * registration-authority code (1), entity type (2), administrative division code (3–8),
 * organisation code (9–17) and a check character (18).
 */

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
export function creditCodeProblem(code: string): string | undefined {
  const characters = Array.from(code);
  if (characters.length !== creditCodeLength) {
    return `must be ${creditCodeLength} characters`;
  }
  const foreign = characters.find((c) => characterValue(c.toUpperCase()) === undefined);
  if (foreign !== undefined) {
    return `contains a character not used in credit codes: ${foreign}`;
  }
  // Refused rather than silently fixed, so that what is stored is exactly what the licence shows.
  if (code !== code.toUpperCase()) {
    return 'must be in upper case';
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return 'characters 3-8 (administrative division code) must be digits';
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code.charAt(17)) {
    return `check character should be ${expected}`;
  }
  return undefined;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}
