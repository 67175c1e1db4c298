import * as z from 'zod';
import { chineseMobile } from '#shared/application/schema.ts';
import { industries } from '#shared/application/vocabulary.ts';
import { creditCodeProblem } from '#shared/demand/creditCode.ts';
import { demandProblemLength } from '#shared/limits.ts';
import { longText, singleLineText } from '#shared/textSchemas.ts';
import { addRefusal, messageUnlessMissing } from '#shared/validation.ts';

/** An enterprise's technical demand: the problem it wants a commissioner to help solve. */
export const demandFormSchema = z
  .strictObject({
    enterpriseName: singleLineText(2, 100),
    creditCode: z
      .string()
      .trim()
      .superRefine((code, context) => {
        const refusal = creditCodeProblem(code);
        if (refusal) addRefusal(context, refusal);
      }),
    problem: longText(demandProblemLength.min, demandProblemLength.max),
    industry: z.enum(industries, messageUnlessMissing(`must be one of ${industries.join(', ')}`)),
    technicalFields: z
      .array(singleLineText(1, 50))
      .min(1, 'name at least one technical field')
      .max(10, 'at most 10 technical fields'),
    location: singleLineText(2, 50),
    contactName: singleLineText(1, 50),
    contactPhone: chineseMobile,
    contactEmail: z.email(messageUnlessMissing('must be an email address')).max(254),
  })
  .meta({ id: 'DemandForm', description: "An enterprise's technical demand, as the enterprise posts it." });
export type DemandForm = z.infer<typeof demandFormSchema>;

export const resubmitDemandSchema = z
  .strictObject({
    form: demandFormSchema,
    baseRevision: z.int(messageUnlessMissing('must be a whole number')).min(1, 'must be at least 1'),
  })
  .meta({ id: 'ResubmitDemand', description: 'A revised demand and the revision it was based on.' });
export type ResubmitDemand = z.infer<typeof resubmitDemandSchema>;
