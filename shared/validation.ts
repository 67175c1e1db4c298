import * as z from 'zod';
import {
  type FieldProblem,
  type FieldProblemCode,
  type FieldProblemParams,
  type Refusal,
  ValidationError,
} from '#shared/errors.ts';

/** Absent (or explicitly undefined): an enum reports that as `invalid_value`, other types as `invalid_type`. */
const isMissing = (issue: { input?: unknown }) => issue.input === undefined;

// Say "is required" instead of zod's "expected string, received undefined".
z.config({ customError: (issue) => (isMissing(issue) ? 'is required' : undefined) });

/**
 * A field's own message, except when the field is missing: zod prefers a schema's message
 * to the global one above, so a schema with its own message must say "is required" itself.
 */
export function messageUnlessMissing(message: string): {
  error: (issue: { input?: unknown }) => string;
} {
  return { error: (issue) => (isMissing(issue) ? 'is required' : message) };
}

/** The codes of the patterns checked with `.regex`, by the pattern as zod reports it (format issues carry no params). */
const patternCodes = new Map<string, FieldProblemCode>();

/** `pattern`, for a `.regex` check whose failure is reported with `code`. */
export function codedPattern(pattern: RegExp, code: FieldProblemCode): RegExp {
  patternCodes.set(String(pattern), code);
  return pattern;
}

/** A refinement's message with its code, which the issue carries to the field's problem. */
export function coded(
  code: FieldProblemCode,
  message: string,
  params: FieldProblemParams = {},
): { message: string; params: FieldProblemParams & { code: FieldProblemCode } } {
  return { message, params: { ...params, code } };
}

/** Adds a refusal (a reference number's, say) to a refinement's issues. */
export function addRefusal(context: z.RefinementCtx, refusal: Refusal): void {
  context.addIssue({ code: 'custom', ...coded(refusal.code, refusal.reason, refusal.params) });
}

const typeCodes: Readonly<Record<string, FieldProblemCode>> = {
  string: 'notText',
  number: 'notNumber',
  int: 'notWholeNumber',
  array: 'notList',
  object: 'notObject',
  boolean: 'notTrueOrFalse',
};

const sizeCodes: Readonly<Record<string, { small: FieldProblemCode; big: FieldProblemCode }>> = {
  string: { small: 'tooShort', big: 'tooLong' },
  number: { small: 'tooSmall', big: 'tooLarge' },
  int: { small: 'tooSmall', big: 'tooLarge' },
  array: { small: 'tooFew', big: 'tooMany' },
};

/** The code and parameters of one zod issue: from its kind and limits, or from the code a refinement gave it. */
function refusalOf(issue: z.core.$ZodIssue): Omit<Refusal, 'reason'> {
  if (isMissing(issue)) return { code: 'required' };
  switch (issue.code) {
    case 'invalid_type':
      return { code: typeCodes[issue.expected] ?? 'wrongType' };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { code: 'empty' };
      return {
        code: sizeCodes[issue.origin]?.small ?? 'invalid',
        params: { minimum: Number(issue.minimum) },
      };
    case 'too_big':
      return { code: sizeCodes[issue.origin]?.big ?? 'invalid', params: { maximum: Number(issue.maximum) } };
    case 'invalid_value':
      return { code: 'notOneOf', params: { values: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      if (issue.format === 'email') return { code: 'notEmail' };
      return { code: (issue.pattern && patternCodes.get(issue.pattern)) || 'invalidFormat' };
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as { code?: FieldProblemCode } & FieldProblemParams;
      return { code: code ?? 'invalid', params };
    }
    default:
      return { code: 'invalid' };
  }
}

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...at, key].join('.'),
        reason: 'is not a known field',
        code: 'unknownField',
      }));
    }
    const { code, params } = refusalOf(issue);
    return [
      {
        field: at.join('.') || '(body)',
        reason: issue.message,
        code,
        ...(params && Object.keys(params).length > 0 ? { params } : {}),
      },
    ];
  });
}

/** Parses untrusted input with its schema, or throws a ValidationError naming each failing field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  // With each issue's input, so that a missing field is told apart from a wrong one (`refusalOf`).
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) {
    throw new ValidationError(problemsOf(result.error));
  }
  return result.data;
}
