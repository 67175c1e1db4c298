import * as z from 'zod';
import { type FieldProblem, ValidationError } from '#shared/errors.ts';

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

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...at, key].join('.'), reason: 'is not a known field' }));
    }
    return [{ field: at.join('.') || '(body)', reason: issue.message }];
  });
}

/** Parses untrusted input with its schema, or throws a ValidationError naming each failing field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(problemsOf(result.error));
  }
  return result.data;
}
