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
  // Evidence files: `type` is the declared one
  'contentNotOfType',
  'unknownFile',
  // An imported workbook: `column` a column's name, `sheet` a sheet's, `row` a row's number
  'missingColumn',
  'notInSheet',
  'duplicateRow',
  'notAPeriodStart',
  'periodNotEnded',
  'notAWorkbook',
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

/**
 * Why a request was refused as a whole (403, 404, 409), as stable codes a client says in its
 * reader's language (the console's `refusal.<code>` messages); the error's message says it in
 * English for API users. A refusal without a code is said by its message alone.
 */
export const refusalCodes = [
  'noSuchRecord',
  'notYours',
  'bureauOnly',
  'changedMeanwhile',
  'stepTaken',
  'notInThisState',
  'taskCompleted',
  'taskWithdrawn',
  'taskReissued',
  'periodNotOpenYet',
  'notReadyYet',
  // Who may: `role` is the role's id
  'roleRequired',
  'partyOnly',
  'notForYourRole',
  'onBehalfRequired',
  'excludedFromScoring',
  'accessDisabled',
  'emailNotVerified',
  'cannotLockOut',
  // What was done before: `year`, `name`, `email`, `max`
  'yearOpenedAlready',
  'nothingGradedInYear',
  'roundExists',
  'nominateFirst',
  'panelFirst',
  'panelCannotScore',
  'alreadyProposed',
  'noticeClosed',
  'revisionLimit',
  'cadenceChangeLimit',
  'termEnded',
  'uploadLimit',
  'alreadyMember',
  'idempotencyKeyReused',
  'stillProcessing',
] as const;
export type RefusalCode = (typeof refusalCodes)[number];

/** The records a refusal names, as `noSuchRecord` and `notYours` say them (the console's `record.<kind>`). */
export const recordKinds = [
  'application',
  'demand',
  'dispatch',
  'agreement',
  'report',
  'reportVersion',
  'assessment',
  'assessmentOpening',
  'commendationRound',
  'publishedCommendations',
  'task',
  'member',
  'file',
  'import',
] as const;
export type RecordKind = (typeof recordKinds)[number];

export interface RequestRefusal {
  readonly code: RefusalCode;
  readonly params?: FieldProblemParams;
}

/** A refusal of the whole request, with its code when it has one. */
abstract class RefusedRequest extends Error {
  constructor(
    message: string,
    readonly refusal?: RequestRefusal,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

export class ForbiddenError extends RefusedRequest {
  override readonly name = 'ForbiddenError';
}

export class NotFoundError extends RefusedRequest {
  override readonly name = 'NotFoundError';
}

/** A step already taken, a stale version, or a deadline passed: the caller should reload. */
export class ConflictError extends RefusedRequest {
  override readonly name = 'ConflictError';
}

/** No such record: `No report <id>`, coded so a reader is told in their language. */
export function noSuchRecord(record: RecordKind, id: string, noun: string = record): NotFoundError {
  return new NotFoundError(`No ${noun} ${id}`, { code: 'noSuchRecord', params: { record } });
}

/** A record the caller may not read (or act on): not theirs. */
export function notYours(
  record: RecordKind,
  noun: string = record,
  message = `This ${noun} is not yours to see`,
): ForbiddenError {
  return new ForbiddenError(message, { code: 'notYours', params: { record } });
}

/** A step only the bureau takes: `Only the bureau <does what>`. */
export function bureauOnly(doesWhat: string): ForbiddenError {
  return new ForbiddenError(`Only the bureau ${doesWhat}`, { code: 'bureauOnly' });
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
