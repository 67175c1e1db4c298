/**
 * Domain errors. Each says what went wrong in the caller's terms; the HTTP edge maps
 * them to statuses in one place (shared/http/errorResponse.ts).
 */
/**
 * Why a field was refused, as stable codes a client says in its reader's language (the console's
 * `fieldError.<code>` messages); the `reason` beside each says it in English for API users.
 */
export const fieldProblemCodes = [
  // The shape of the request
  'required',
  'unknownField',
  'notJson',
  'notText',
  'notNumber',
  'notWholeNumber',
  'notList',
  'notObject',
  'notTrueOrFalse',
  'wrongType',
  // Sizes and ranges: `minimum`, `maximum`
  'empty',
  'tooShort',
  'tooLong',
  'tooSmall',
  'tooLarge',
  'tooFew',
  'tooMany',
  'outOfRange',
  'lengthOutOfRange',
  'tooManyDecimals',
  // Formats
  'notOneOf',
  'notEmail',
  'notMobile',
  'notOneLine',
  'controlCharacters',
  'malformedText',
  'dateFormat',
  'notCalendarDate',
  'yearFormat',
  'invalidFormat',
  'duplicateEntries',
  // Reference numbers: `expected` is the right check character
  'checkCharacter',
  'creditCodeLength',
  'creditCodeCharacters',
  'creditCodeLowerCase',
  'creditCodeDivision',
  'patentFormat',
  'patentCountryCode',
  'patentCheckX',
  'patentYear',
  'patentType',
  'projectNumberFormat',
  'certificateNumberFormat',
  // Rules of the programme
  'invalid',
  'notAfterStart',
  'beforeToday',
  'thresholdsOutOfOrder',
  'organizationOfOneKind',
  'organizationRequired',
  'organizationNotAllowed',
  'notOwnEnterprise',
  'enterpriseUnchangeable',
  'reasonRequired',
  'onBehalfNotAllowed',
  'staleVersion',
  'notAVersionNumber',
  'notAVersion',
  'sameCadence',
  'unknownDispatch',
  'notInPool',
  'unknownNominee',
  'notOfYear',
  'notExcellent',
  'formOnly',
  'overRoundLimit',
  'notACursor',
  'noSuchFilter',
] as const;
export type FieldProblemCode = (typeof fieldProblemCodes)[number];

/** What a problem's sentence names: a limit, the allowed values, the expected check character. */
export type FieldProblemParams = Readonly<Record<string, string | number>>;

/** Why a value is refused, before it is known which field held it. */
export interface Refusal {
  /** In English, for API users. */
  readonly reason: string;
  readonly code: FieldProblemCode;
  readonly params?: FieldProblemParams;
}

export interface FieldProblem extends Refusal {
  /** Dotted path of the failing field, e.g. `phone` or `technicalFields.0`. */
  readonly field: string;
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
