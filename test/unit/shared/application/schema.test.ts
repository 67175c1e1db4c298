import { describe, expect, it } from 'vitest';
import {
  type ApplicationForm,
  applicationFormSchema,
  resubmitApplicationSchema,
} from '#shared/application/schema.ts';
import { type FieldProblem, ValidationError } from '#shared/errors.ts';
import { parseInput } from '#shared/validation.ts';

const validForm: ApplicationForm = {
  name: 'Li Wei',
  email: 'li.wei@example.edu.cn',
  phone: '13812345678',
  homeInstitution: 'Zhejiang University of Technology',
  researchOfficeEmail: 'research-office@example.edu.cn',
  title: 'associateProfessor',
  technicalFields: ['laser welding', 'machine vision'],
  industries: ['advancedManufacturing', 'newMaterials'],
  statement: 'Twenty years of work on welding processes with local manufacturers.',
  serviceAreas: ['余杭区'],
};

/** The problems parseInput reports for `input`, or fails the test if it accepts it. */
function problemsOf(schema: Parameters<typeof parseInput>[0], input: unknown): readonly FieldProblem[] {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields;
  }
  throw new Error('Expected the input to be refused');
}

describe('applicationFormSchema through parseInput', () => {
  it('accepts a valid form and trims its free-text fields', () => {
    // Arrange
    const input = {
      ...validForm,
      name: '  Li Wei ',
      homeInstitution: ' Zhejiang University of Technology  ',
      technicalFields: [' laser welding ', 'machine vision'],
      statement: `   ${validForm.statement}   `,
    };

    // Act
    const form = parseInput(applicationFormSchema, input);

    // Assert
    expect(form).toEqual(validForm);
  });

  it.each([
    ['a landline number', '057188888888'],
    ['a number starting 12', '12812345678'],
    ['ten digits', '1381234567'],
    ['a number with a country code', '+8613812345678'],
  ])('refuses a phone that is %s, naming the phone field', (_case, phone) => {
    // Act
    const problems = problemsOf(applicationFormSchema, { ...validForm, phone });

    // Assert
    expect(problems).toEqual([
      { field: 'phone', reason: expect.stringContaining('mainland China mobile'), code: 'notMobile' },
    ]);
  });

  it.each(['email', 'researchOfficeEmail'] as const)(
    'refuses an %s that is not an email address',
    (field) => {
      // Act
      const problems = problemsOf(applicationFormSchema, { ...validForm, [field]: 'li.wei at example' });

      // Assert
      expect(problems).toEqual([{ field, reason: 'must be an email address', code: 'notEmail' }]);
    },
  );

  it('refuses a statement shorter than 20 characters once trimmed', () => {
    // Arrange: 19 characters padded with spaces
    const statement = `   ${'x'.repeat(19)}      `;

    // Act
    const problems = problemsOf(applicationFormSchema, { ...validForm, statement });

    // Assert
    expect(problems).toEqual([
      {
        field: 'statement',
        reason: 'must be at least 20 characters',
        code: 'tooShort',
        params: { minimum: 20 },
      },
    ]);
  });

  it('refuses an empty list of technical fields', () => {
    // Act
    const problems = problemsOf(applicationFormSchema, { ...validForm, technicalFields: [] });

    // Assert
    expect(problems).toEqual([
      {
        field: 'technicalFields',
        reason: 'name at least one technical field',
        code: 'tooFew',
        params: { minimum: 1 },
      },
    ]);
  });

  it('refuses more than 10 technical fields but accepts exactly 10', () => {
    // Arrange
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `field ${i + 1}`);

    // Act
    const eleven = problemsOf(applicationFormSchema, { ...validForm, technicalFields: fields(11) });
    const ten = parseInput(applicationFormSchema, { ...validForm, technicalFields: fields(10) });

    // Assert
    expect(eleven).toEqual([
      {
        field: 'technicalFields',
        reason: 'at most 10 technical fields',
        code: 'tooMany',
        params: { maximum: 10 },
      },
    ]);
    expect(ten.technicalFields).toHaveLength(10);
  });

  it('names a blank technical field by its index', () => {
    // Act
    const problems = problemsOf(applicationFormSchema, { ...validForm, technicalFields: ['welding', '   '] });

    // Assert
    expect(problems).toEqual([{ field: 'technicalFields.1', reason: 'must not be empty', code: 'empty' }]);
  });

  it('refuses an unknown industry, naming it by its index', () => {
    // Act
    const problems = problemsOf(applicationFormSchema, {
      ...validForm,
      industries: ['textiles', 'mining'],
    });

    // Assert
    expect(problems).toEqual([
      {
        field: 'industries.1',
        reason: expect.stringMatching(/^must be one of /),
        code: 'notOneOf',
        params: { values: expect.any(String) },
      },
    ]);
  });

  it('refuses an industry chosen twice', () => {
    // Act
    const problems = problemsOf(applicationFormSchema, {
      ...validForm,
      industries: ['textiles', 'chemicals', 'textiles'],
    });

    // Assert
    expect(problems).toEqual([
      { field: 'industries', reason: 'each industry at most once', code: 'duplicateEntries' },
    ]);
  });

  it('refuses an unknown title, listing the allowed ones', () => {
    // Act
    const problems = problemsOf(applicationFormSchema, { ...validForm, title: 'dean' });

    // Assert
    expect(problems).toEqual([
      {
        field: 'title',
        reason: expect.stringContaining('professor, associateProfessor'),
        code: 'notOneOf',
        params: { values: expect.stringContaining('professor, associateProfessor') },
      },
    ]);
  });

  it('reports an unknown extra key as not a known field', () => {
    // Act
    const problems = problemsOf(applicationFormSchema, { ...validForm, state: 'approved' });

    // Assert
    expect(problems).toEqual([{ field: 'state', reason: 'is not a known field', code: 'unknownField' }]);
  });

  it.each([
    ['__proto__', `{"__proto__": {"isAdmin": true}, ${JSON.stringify(validForm).slice(1)}`],
    ['constructor', `{"constructor": "Object", ${JSON.stringify(validForm).slice(1)}`],
  ])('reports a %s key in a parsed JSON body as not a known field', (key, body) => {
    // Arrange: JSON.parse makes `__proto__` an own key, as a request body would
    const input: unknown = JSON.parse(body);

    // Act
    const problems = problemsOf(applicationFormSchema, input);

    // Assert
    expect(problems).toEqual([{ field: key, reason: 'is not a known field', code: 'unknownField' }]);
  });

  it('treats service areas as optional, defaulting to none', () => {
    // Arrange
    const { serviceAreas: _omitted, ...withoutAreas } = validForm;

    // Act
    const form = parseInput(applicationFormSchema, withoutAreas);

    // Assert
    expect(form.serviceAreas).toEqual([]);
  });

  it.each(Object.keys(validForm).filter((key) => key !== 'serviceAreas'))(
    'says a missing %s is required',
    (field) => {
      // Arrange
      const input: Record<string, unknown> = { ...validForm };
      delete input[field];

      // Act
      const problems = problemsOf(applicationFormSchema, input);

      // Assert
      expect(problems).toEqual([{ field, reason: 'is required', code: 'required' }]);
    },
  );

  it('reports every failing field at once', () => {
    // Act
    const problems = problemsOf(applicationFormSchema, {
      ...validForm,
      phone: '123',
      email: 'x',
      title: 'dean',
    });

    // Assert
    expect(problems.map((p) => p.field).sort()).toEqual(['email', 'phone', 'title']);
  });
});

describe('resubmitApplicationSchema through parseInput', () => {
  it('accepts a valid form based on revision 1', () => {
    // Act
    const parsed = parseInput(resubmitApplicationSchema, { form: validForm, baseRevision: 1 });

    // Assert
    expect(parsed).toEqual({ form: validForm, baseRevision: 1 });
  });

  it.each([
    ['zero', 0, { reason: 'must be at least 1', code: 'tooSmall', params: { minimum: 1 } }],
    ['negative', -3, { reason: 'must be at least 1', code: 'tooSmall', params: { minimum: 1 } }],
    ['fractional', 1.5, { reason: 'must be a whole number', code: 'notWholeNumber' }],
    // zod reports a string where a whole number belongs as not a number at all.
    ['a numeric string', '2', { reason: 'must be a whole number', code: 'notNumber' }],
  ])('refuses a baseRevision that is %s', (_case, baseRevision, refusal) => {
    // Act
    const problems = problemsOf(resubmitApplicationSchema, { form: validForm, baseRevision });

    // Assert
    expect(problems).toEqual([{ field: 'baseRevision', ...refusal }]);
  });

  it('names a failing field of the embedded form with a dotted path', () => {
    // Act
    const problems = problemsOf(resubmitApplicationSchema, {
      form: { ...validForm, phone: '110' },
      baseRevision: 2,
    });

    // Assert
    expect(problems).toEqual([
      { field: 'form.phone', reason: expect.stringContaining('mainland China mobile'), code: 'notMobile' },
    ]);
  });

  it('says a missing form or baseRevision is required', () => {
    // Act
    const problems = problemsOf(resubmitApplicationSchema, {});

    // Assert
    expect(problems).toEqual([
      { field: 'form', reason: 'is required', code: 'required' },
      { field: 'baseRevision', reason: 'is required', code: 'required' },
    ]);
  });
});
