/**
 * Formats of the evidence a commissioner cites in an outcome report: patent application numbers
 * (专利申请号, with their check digit), project numbers and certificate numbers.
 */

import type { FieldProblemCode, Refusal } from '#shared/errors.ts';

/** Invention, utility model, design, PCT invention entering China, PCT utility model entering China. */
const patentTypeDigits = new Set(['1', '2', '3', '8', '9']);

const currentPatentFormat = /^(\d{4})(\d)(\d{7})\.([\dX])$/;
// Used until the 12-digit numbers replaced it on 2003-10-01.
const formerPatentFormat = /^(\d{2})(\d)(\d{5})\.([\dX])$/;

const currentCheckWeights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;
const formerCheckWeights = [2, 3, 4, 5, 6, 7, 8, 9] as const;

// China's patent office opened in 1985; the current format began in 2003.
const firstCurrentFormatYear = 2003;

function isPossibleFormerFormatYear(twoDigitYear: string): boolean {
  const year = Number(twoDigitYear);
  return year >= 85 || year <= 3;
}

function patentCheckDigit(digits: string, weights: readonly number[]): string {
  const sum = weights.reduce(
    (total, weight, position) => total + weight * Number(digits.charAt(position)),
    0,
  );
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

function withoutCountryCode(value: string): string {
  return value.startsWith('CN') ? value.slice(2) : value;
}

/** Why `value` is not a Chinese patent application number, or undefined when it is. */
export function patentApplicationNumberProblem(value: string): Refusal | undefined {
  const number = withoutCountryCode(value);
  const current = currentPatentFormat.exec(number);
  const former = formerPatentFormat.exec(number);
  const parts = current ?? former;
  if (parts === null) {
    if (/^cn/i.test(value) && !value.startsWith('CN')) {
      return { reason: 'country code must be written CN', code: 'patentCountryCode' };
    }
    if (/^(\d{12}|\d{8})\.x$/.test(number)) {
      return { reason: 'check character must be an upper-case X', code: 'patentCheckX' };
    }
    return {
      reason:
        'must be 12 digits, a dot and a check digit (or 8 digits in the pre-2003 format), e.g. 200410018477.9',
      code: 'patentFormat',
    };
  }
  const [, year = '', type = '', , check = ''] = parts;
  if (current !== null ? Number(year) < firstCurrentFormatYear : !isPossibleFormerFormatYear(year)) {
    return { reason: `year ${year} is not possible in this format`, code: 'patentYear', params: { year } };
  }
  if (!patentTypeDigits.has(type)) {
    return { reason: `type digit ${type} is not one of 1, 2, 3, 8, 9`, code: 'patentType', params: { type } };
  }
  const digits = number.slice(0, number.indexOf('.'));
  const expected = patentCheckDigit(digits, current !== null ? currentCheckWeights : formerCheckWeights);
  if (check !== expected) {
    return { reason: `check digit should be ${expected}`, code: 'checkCharacter', params: { expected } };
  }
  return undefined;
}

/** The number as stored (without the CN country code), or undefined when it is not a valid number. */
export function normalizePatentApplicationNumber(value: string): string | undefined {
  return patentApplicationNumberProblem(value) === undefined ? withoutCountryCode(value) : undefined;
}

const minimumReferenceLength = 4;
const maximumReferenceLength = 40;

function referenceProblem(
  value: string,
  allowed: RegExp,
  allowedDescription: string,
  code: FieldProblemCode,
): Refusal | undefined {
  if (value.length < minimumReferenceLength || value.length > maximumReferenceLength) {
    return {
      reason: `must be ${minimumReferenceLength} to ${maximumReferenceLength} characters`,
      code: 'lengthOutOfRange',
      params: { minimum: minimumReferenceLength, maximum: maximumReferenceLength },
    };
  }
  return allowed.test(value) ? undefined : { reason: `may contain only ${allowedDescription}`, code };
}

/** Why `value` is not a usable science-and-technology project number, or undefined when it is. */
export function projectNumberProblem(value: string): Refusal | undefined {
  return referenceProblem(value, /^[A-Za-z0-9/-]+$/, 'letters, digits, "-" and "/"', 'projectNumberFormat');
}

/** Why `value` is not a usable certificate number, or undefined when it is. */
export function certificateNumberProblem(value: string): Refusal | undefined {
  return referenceProblem(value, /^[A-Za-z0-9-]+$/, 'letters, digits and "-"', 'certificateNumberFormat');
}
