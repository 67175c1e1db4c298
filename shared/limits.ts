/*
 * The API's limits a form shows before it sends: the schemas validate with these and the console
 * imports them, so the two cannot drift. No imports, so the console's bundle takes only this.
 */

/** Characters, both ends included. */
export interface LengthRange {
  readonly min: number;
  readonly max: number;
}

export const applicationStatementLength: LengthRange = { min: 20, max: 2000 };
export const demandProblemLength: LengthRange = { min: 20, max: 2000 };
export const objectionReasonLength: LengthRange = { min: 10, max: 2000 };
export const ratingCommentLength: LengthRange = { min: 0, max: 2000 };
export const reportNarrativeLength: LengthRange = { min: 1, max: 5000 };
export const cadenceChangeReasonLength: LengthRange = { min: 1, max: 1000 };
/** Why the bureau waives a report period, before it opens or while it waits (the task's reason). */
export const waiverReasonLength: LengthRange = { min: 1, max: 1000 };
/** A list's organisation filter. */
export const organizationFilterLength: LengthRange = { min: 1, max: 200 };

/** An outcome count, of an agreement's goals or a report's counts. */
export const maxOutcomeCount = 10_000;
/** Points of a rubric's term. */
export const maxRubricPoints = 1000;
/** A panel member's score of a nominee. */
export const panelScoreRange = { min: 0, max: 100 } as const;
/** How many nominees a commendation round takes. */
export const nomineeLimitRange = { min: 1, max: 100 } as const;

/** An evidence file's type, as its content must show it: PDF, JPEG or PNG. */
export const evidenceFileTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type EvidenceFileType = (typeof evidenceFileTypes)[number];
/** How a reader names each type, in any language. */
export const evidenceFileTypeNames: Readonly<Record<EvidenceFileType, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};
/** An evidence file: bytes at most, files a report version (or an application, an agreement) carries, name length. */
export const evidenceFileLimits = {
  maxBytes: 20 * 1024 * 1024,
  perRecord: 20,
  nameLength: { min: 1, max: 200 },
} as const;
/** An import workbook: bytes at most (2,000 commissioners and 20,000 reports take a few MB), name length. */
export const importWorkbookLimits = {
  maxBytes: 50 * 1024 * 1024,
  nameLength: { min: 1, max: 200 },
} as const;
