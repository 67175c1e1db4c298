import {
  ConflictError,
  type FieldProblemParams,
  ForbiddenError,
  NotFoundError,
  type RefusalCode,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '#shared/errors.ts';
import { SecondFactorRequiredError } from '#shared/membership/secondFactor.ts';

export interface ErrorBody {
  readonly error:
    | 'ValidationError'
    | 'Unauthorized'
    | 'Forbidden'
    | 'SecondFactorRequired'
    | 'NotFound'
    | 'Conflict'
    | 'TooManyRequests'
    | 'InternalError';
  readonly message: string;
  /** Why, as a stable code and its parameters, for a refusal that has one (`refusalCodes`). */
  readonly code?: RefusalCode;
  readonly params?: FieldProblemParams;
  readonly fields?: readonly { readonly field: string; readonly reason: string }[];
}

/** The refusal's code and parameters, when it has them. */
const coded = (error: ForbiddenError | NotFoundError | ConflictError) =>
  error.refusal
    ? { code: error.refusal.code, ...(error.refusal.params ? { params: error.refusal.params } : {}) }
    : {};

/** The one place domain errors become HTTP statuses. */
export function errorResponse(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof ValidationError) {
    return {
      statusCode: 400,
      body: { error: 'ValidationError', message: 'Some fields are invalid', fields: error.fields },
    };
  }
  if (error instanceof UnauthorizedError) {
    return { statusCode: 401, body: { error: 'Unauthorized', message: error.message } };
  }
  if (error instanceof SecondFactorRequiredError) {
    return { statusCode: 403, body: { error: 'SecondFactorRequired', message: error.message } };
  }
  if (error instanceof ForbiddenError) {
    return { statusCode: 403, body: { error: 'Forbidden', message: error.message, ...coded(error) } };
  }
  if (error instanceof NotFoundError) {
    return { statusCode: 404, body: { error: 'NotFound', message: error.message, ...coded(error) } };
  }
  if (error instanceof ConflictError) {
    return { statusCode: 409, body: { error: 'Conflict', message: error.message, ...coded(error) } };
  }
  if (error instanceof TooManyRequestsError) {
    return { statusCode: 429, body: { error: 'TooManyRequests', message: error.message } };
  }
  return {
    statusCode: 500,
    body: { error: 'InternalError', message: 'Something went wrong; it has been logged' },
  };
}
