import { describe, expect, it } from 'vitest';
import {
  certificateNumberProblem,
  normalizePatentApplicationNumber,
  patentApplicationNumberProblem,
  projectNumberProblem,
} from '#shared/report/evidenceFormats.ts';

// Check digits below were computed with a separate script. 200410018477.9, 201710601862.3,
// 201310699744.2, 97101765.4 and 95115608.X are published numbers.
describe('patentApplicationNumberProblem', () => {
  it.each([
    '200410018477.9',
    '201710601862.3',
    '201310699744.2',
    '202330123456.7',
    '202380123456.4',
    '202310123459.X',
    '202310000000.0',
  ])('accepts the current format %s', (value) => {
    // Act
    const problem = patentApplicationNumberProblem(value);

    // Assert
    expect(problem).toBeUndefined();
  });

  it.each(['97101765.4', '95115608.X', '89100002.X', '01106735.7'])(
    'accepts the pre-2003 format %s',
    (value) => {
      // Act
      const problem = patentApplicationNumberProblem(value);

      // Assert
      expect(problem).toBeUndefined();
    },
  );

  it('accepts the CN country code in front', () => {
    // Act
    const problem = patentApplicationNumberProblem('CN200410018477.9');

    // Assert
    expect(problem).toBeUndefined();
  });

  it.each([
    ['200410018477.8', '9'],
    ['202310123459.0', 'X'],
    ['97101765.X', '4'],
  ])('names the expected check digit of %s', (value, expected) => {
    // Act
    const problem = patentApplicationNumberProblem(value);

    // Assert
    expect(problem).toEqual({
      reason: `check digit should be ${expected}`,
      code: 'checkCharacter',
      params: { expected },
    });
  });

  it.each([
    '2004100184779',
    '200410018477',
    '20041001847.9',
    '2004100184777.9',
    '200410018477.99',
    'CN 200410018477.9',
    '2004 1 0018477.9',
    'ZL200410018477.9',
    '２００４１００１８４７７.９',
  ])('rejects the malformed %j', (value) => {
    // Act
    const problem = patentApplicationNumberProblem(value);

    // Assert
    expect(problem).toEqual({
      reason:
        'must be 12 digits, a dot and a check digit (or 8 digits in the pre-2003 format), e.g. 200410018477.9',
      code: 'patentFormat',
    });
  });

  it('asks for an upper-case X', () => {
    // Act
    const problem = patentApplicationNumberProblem('202310123459.x');

    // Assert
    expect(problem).toEqual({ reason: 'check character must be an upper-case X', code: 'patentCheckX' });
  });

  it('asks for the country code in upper case', () => {
    // Act
    const problem = patentApplicationNumberProblem('cn200410018477.9');

    // Assert
    expect(problem).toEqual({ reason: 'country code must be written CN', code: 'patentCountryCode' });
  });

  it.each([
    ['200440018477.5', '4'],
    ['200450018477.0', '5'],
    ['200400018477.3', '0'],
    ['97601765.2', '6'],
  ])('rejects an unknown type digit in %s, though its check digit is right', (value, type) => {
    // Act
    const problem = patentApplicationNumberProblem(value);

    // Assert
    expect(problem).toEqual({
      reason: `type digit ${type} is not one of 1, 2, 3, 8, 9`,
      code: 'patentType',
      params: { type },
    });
  });

  it.each([
    ['200210018477.X', '2002'],
    ['84101765.4', '84'],
    ['04101765.X', '04'],
  ])('rejects %s, though its check digit is right, as the format was not in use that year', (value, year) => {
    // Act
    const problem = patentApplicationNumberProblem(value);

    // Assert
    expect(problem).toEqual({
      reason: `year ${year} is not possible in this format`,
      code: 'patentYear',
      params: { year },
    });
  });
});

describe('normalizePatentApplicationNumber', () => {
  it('drops the CN country code', () => {
    // Act
    const normalized = normalizePatentApplicationNumber('CN200410018477.9');

    // Assert
    expect(normalized).toBe('200410018477.9');
  });

  it('keeps a number without a country code as it is', () => {
    // Act
    const normalized = [
      normalizePatentApplicationNumber('202310123459.X'),
      normalizePatentApplicationNumber('95115608.X'),
    ];

    // Assert
    expect(normalized).toEqual(['202310123459.X', '95115608.X']);
  });

  it('has no normal form for an invalid number', () => {
    // Act
    const normalized = normalizePatentApplicationNumber('CN200410018477.8');

    // Assert
    expect(normalized).toBeUndefined();
  });
});

describe('projectNumberProblem', () => {
  it.each(['2023C01045', 'ZJKJ-2024/017', 'ab12', 'A'.repeat(40)])('accepts %s', (value) => {
    // Act
    const problem = projectNumberProblem(value);

    // Assert
    expect(problem).toBeUndefined();
  });

  it.each(['', 'A12', 'A'.repeat(41)])('rejects %j by its length', (value) => {
    // Act
    const problem = projectNumberProblem(value);

    // Assert
    expect(problem).toEqual({
      reason: 'must be 4 to 40 characters',
      code: 'lengthOutOfRange',
      params: { minimum: 4, maximum: 40 },
    });
  });

  it.each(['2023 C01045', '2023_C01045', '浙科2023-017', '2023C01045.'])(
    'rejects %j by its characters',
    (value) => {
      // Act
      const problem = projectNumberProblem(value);

      // Assert
      expect(problem).toEqual({
        reason: 'may contain only letters, digits, "-" and "/"',
        code: 'projectNumberFormat',
      });
    },
  );
});

describe('certificateNumberProblem', () => {
  it.each(['GR202333001234', 'GR-2023-33001234', 'abcd', '9'.repeat(40)])('accepts %s', (value) => {
    // Act
    const problem = certificateNumberProblem(value);

    // Assert
    expect(problem).toBeUndefined();
  });

  it.each(['', 'GR2', '9'.repeat(41)])('rejects %j by its length', (value) => {
    // Act
    const problem = certificateNumberProblem(value);

    // Assert
    expect(problem).toEqual({
      reason: 'must be 4 to 40 characters',
      code: 'lengthOutOfRange',
      params: { minimum: 4, maximum: 40 },
    });
  });

  it.each(['GR/2023/001', 'GR 2023', 'GR2023：01'])('rejects %j by its characters', (value) => {
    // Act
    const problem = certificateNumberProblem(value);

    // Assert
    expect(problem).toEqual({
      reason: 'may contain only letters, digits and "-"',
      code: 'certificateNumberFormat',
    });
  });
});
