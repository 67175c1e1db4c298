import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicationFormSchema } from '#shared/application/schema.ts';
import { demandFormSchema } from '#shared/demand/schema.ts';
import { objectionSchema } from '#shared/dispatch/schema.ts';
import { ValidationError } from '#shared/errors.ts';
import { longText, singleLineText } from '#shared/textSchemas.ts';
import { parseInput } from '#shared/validation.ts';

const problemsOf = (schema: Parameters<typeof parseInput>[0], input: unknown) => {
  try {
    parseInput(schema, input);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
};

/** Every control character: C0, DEL, C1, and the Unicode line and paragraph separators. */
const controlCharacters = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
  ...Array.from({ length: 0x21 }, (_, offset) => String.fromCharCode(0x7f + offset)),
  '\u2028',
  '\u2029',
];
const lineBreaksAndTab = ['\n', '\r', '\t', '\u2028', '\u2029'];

describe('single-line text', () => {
  const name = singleLineText(1, 50);

  it.each(controlCharacters.map((character) => [character.charCodeAt(0).toString(16), character]))(
    'refuses U+%s inside a line',
    (_code, character) => {
      expect(name.safeParse(`Zhang${character}San`).success).toBe(false);
    },
  );

  it('accepts Chinese, spaces and punctuation, and trims the ends', () => {
    expect(name.parse('  浙江大学 化工学院（舟山）  ')).toBe('浙江大学 化工学院（舟山）');
  });

  it('accepts any string without a control character, and refuses any with one', () => {
    const character = fc.constantFrom(...controlCharacters);
    const plain = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .filter((text) => !controlCharacters.some((control) => text.includes(control)) && text.trim() !== '');
    fc.assert(
      fc.property(plain, plain, character, (before, after, control) => {
        // zod counts characters by code point, so a character outside the BMP counts once.
        expect(name.safeParse(`${before}${after}`).success).toBe(
          [...`${before}${after}`.trim()].length <= 50,
        );
        expect(name.safeParse(`${before}${control}${after}`).success).toBe(false);
      }),
    );
  });
});

describe('long text', () => {
  const statement = longText(1, 2000);

  it.each(lineBreaksAndTab.map((character) => [character.charCodeAt(0).toString(16), character]))(
    'allows U+%s between lines',
    (_code, character) => {
      expect(statement.parse(`first line${character}second line`)).toBe(`first line${character}second line`);
    },
  );

  it.each(
    controlCharacters
      .filter((character) => !lineBreaksAndTab.includes(character))
      .map((character) => [character.charCodeAt(0).toString(16), character]),
  )('refuses U+%s', (_code, character) => {
    expect(statement.safeParse(`first line${character}second line`).success).toBe(false);
  });
});

describe('the forms', () => {
  const application = {
    name: '张三',
    email: 'zhang@zju.edu.cn',
    phone: '13812345678',
    homeInstitution: '浙江大学',
    researchOfficeEmail: 'office@zju.edu.cn',
    title: 'professor',
    technicalFields: ['焊接'],
    industries: ['textiles'],
    statement: '二十年焊接工艺研究，\r\n服务过多家企业。'.repeat(2),
  };

  it('refuse a carriage return in an institution name, naming the field', () => {
    const problems = problemsOf(applicationFormSchema, {
      ...application,
      homeInstitution: '浙江大学\r+cmd|/C calc!A0',
    });
    expect(problems).toEqual([
      {
        field: 'homeInstitution',
        reason: 'must be one line, without control characters',
        code: 'notOneLine',
      },
    ]);
  });

  it('keep line breaks in an application statement', () => {
    expect(parseInput(applicationFormSchema, application).statement).toContain('\r\n');
  });

  it('refuse a line break in an enterprise name and an escape in its contact name', () => {
    const problems = problemsOf(demandFormSchema, {
      enterpriseName: 'Acme\nSubject: urgent',
      creditCode: '91330100MA27XYZ12X',
      problem: 'x'.repeat(30),
      industry: 'textiles',
      technicalFields: ['焊接'],
      location: '舟山',
      contactName: 'Li\u001b[31m',
      contactPhone: '13812345678',
      contactEmail: 'li@acme.example',
    }).filter((problem) => problem.field !== 'creditCode');
    expect(problems).toEqual([
      { field: 'enterpriseName', reason: 'must be one line, without control characters', code: 'notOneLine' },
      { field: 'contactName', reason: 'must be one line, without control characters', code: 'notOneLine' },
    ]);
  });

  it('refuse a NUL in an objection, whose reason may span lines', () => {
    expect(problemsOf(objectionSchema, { reason: 'Not qualified,\nsee the record.' })).toEqual([]);
    expect(problemsOf(objectionSchema, { reason: 'Not qualified\u0000 see the record.' })).toEqual([
      {
        field: 'reason',
        reason: 'must not hold control characters other than line breaks and tabs',
        code: 'controlCharacters',
      },
    ]);
  });
});

describe('well-formed text', () => {
  it.each([
    ['a lone high surrogate', 'name\ud800'],
    ['a lone low surrogate', '\udc00name'],
    ['a pair reversed', 'na\udc00\ud800me'],
  ])('refuses %s', (_what, text) => {
    expect(singleLineText(1, 50).safeParse(text).success).toBe(false);
    expect(longText(1, 50).safeParse(text).success).toBe(false);
  });

  it('accepts characters outside the Basic Multilingual Plane', () => {
    expect(singleLineText(1, 50).parse('𠮷野家 🧪')).toBe('𠮷野家 🧪');
  });
});
