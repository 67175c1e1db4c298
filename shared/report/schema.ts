import * as z from 'zod';
import { cadences } from '#shared/agreement/periods.ts';
import { calendarDate } from '#shared/calendarDateSchema.ts';
import type { Refusal } from '#shared/errors.ts';
import { attachedFileIdsSchema } from '#shared/evidenceFiles/schema.ts';
import { cadenceChangeReasonLength, reportNarrativeLength, waiverReasonLength } from '#shared/limits.ts';
import { outcomeCountsSchema } from '#shared/outcomeCountsSchema.ts';
import {
  certificateNumberProblem,
  normalizePatentApplicationNumber,
  patentApplicationNumberProblem,
  projectNumberProblem,
} from '#shared/report/evidenceFormats.ts';
import { longText, singleLineText } from '#shared/textSchemas.ts';
import { addRefusal, messageUnlessMissing } from '#shared/validation.ts';

/** A reference number checked by one of the evidence formats; its problem is the field's message. */
const referenceNumber = (problem: (value: string) => Refusal | undefined) =>
  z
    .string(messageUnlessMissing('must be text'))
    .trim()
    .superRefine((value, context) => {
      const refusal = problem(value);
      if (refusal) addRefusal(context, refusal);
    });

const title = singleLineText(0, 200).optional();

export const evidenceKinds = ['patentApplication', 'project', 'certificate', 'training'] as const;

const evidenceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('patentApplication'),
      number: referenceNumber(patentApplicationNumberProblem).transform(
        (value) => normalizePatentApplicationNumber(value) ?? value,
      ),
      title,
    }),
    z.strictObject({ kind: z.literal('project'), number: referenceNumber(projectNumberProblem), title }),
    z.strictObject({
      kind: z.literal('certificate'),
      number: referenceNumber(certificateNumberProblem),
      title,
    }),
    z.strictObject({
      kind: z.literal('training'),
      date: calendarDate,
      topic: singleLineText(1, 200),
      attendance: z
        .int(messageUnlessMissing('must be a whole number'))
        .min(1, 'must be at least 1')
        .max(10_000, 'must be at most 10000'),
    }),
  ],
  messageUnlessMissing(`must be one of ${evidenceKinds.join(', ')}`),
);
export type Evidence = z.infer<typeof evidenceSchema>;

/** What a commissioner reports for a period: a count per outcome category, what was done, and the evidence. */
export const reportSubmissionSchema = z
  .strictObject({
    counts: outcomeCountsSchema,
    narrative: longText(reportNarrativeLength.min, reportNarrativeLength.max),
    evidence: z.array(evidenceSchema).max(200, 'must have at most 200 entries').default([]),
    files: attachedFileIdsSchema.default([]),
  })
  .meta({
    id: 'ReportSubmission',
    description:
      "A period's outcome report: counts per outcome category, a narrative, evidence entries (patent application numbers with their check digit, project and certificate numbers, trainings with date and attendance), and the ids of the evidence files uploaded to the report that this version carries (an earlier version's included, to keep them).",
  });
export type ReportSubmission = z.infer<typeof reportSubmissionSchema>;

/** What a submission task's output carries: the id of the version stored in its own item, never the report itself. */
export const submittedVersionSchema = z.strictObject({ versionId: z.string().min(1).max(200) });

/** The bureau changes how often an active agreement reports; the change applies from the next period. */
export const changeCadenceSchema = z
  .strictObject({
    cadence: z.enum(cadences, messageUnlessMissing(`must be one of ${cadences.join(', ')}`)),
    reason: longText(cadenceChangeReasonLength.min, cadenceChangeReasonLength.max),
  })
  .meta({ id: 'ChangeCadence', description: 'A new reporting cadence, from the next period on, and why.' });
export type ChangeCadence = z.infer<typeof changeCadenceSchema>;

/** The bureau waives a period before it opens: no report is asked for, nobody reminded. */
export const waivePeriodSchema = z
  .strictObject({ reason: longText(waiverReasonLength.min, waiverReasonLength.max) })
  .meta({ id: 'WaivePeriod', description: 'Why the period needs no report.' });
export type WaivePeriod = z.infer<typeof waivePeriodSchema>;
