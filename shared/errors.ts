/**
 * Domain errors. Each says what went wrong in the caller's terms; the HTTP edge maps
 * them to statuses in one place (shared/http/errorResponse.ts).
 */
export interface FieldProblem {
  /** Dotted path of the failing field, e.g. `phone` or `technicalFields.0`. */
  readonly field: string;
  readonly reason: string;
}

export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly fields: readonly FieldProblem[]) {
    super(`Invalid input: ${fields.map((f) => `${f.field}: ${f.reason}`).join('; ')}`);
  }
}

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A step already taken, a stale version, or a deadline passed: the caller should reload. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** One person's use of a route anyone may call, past what a day allows. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError';
}

/**
 * A condition that passes by itself (a write that lost a race with another writer, say): a
 * workflow step that throws it is retried; every other error goes to the recovery path.
 */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}
