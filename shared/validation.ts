import * as z from 'zod';
import { type FieldProblem, ValidationError } from '#shared/errors.ts';

// Say "is required" instead of zod's "expected string, received undefined".
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
});

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
