import * as z from 'zod';
import { industries, titles } from '#shared/application/vocabulary.ts';
import { applicationStatementLength } from '#shared/limits.ts';
import { longText, singleLineText } from '#shared/textSchemas.ts';
import { coded, codedPattern, messageUnlessMissing } from '#shared/validation.ts';

/** Mainland China mobile numbers: 11 digits, starting 13–19. */
export const chineseMobile = z
  .string()
  .regex(
    codedPattern(/^1[3-9]\d{9}$/, 'notMobile'),
    'must be an 11-digit mainland China mobile number, e.g. 13812345678',
  );

/** The commissioner application form: what an expert submits, and resubmits when returned. */
export const applicationFormSchema = z
  .strictObject({
    name: singleLineText(1, 50),
    email: z.email(messageUnlessMissing('must be an email address')).max(254),
    phone: chineseMobile,
    homeInstitution: singleLineText(2, 100),
    researchOfficeEmail: z.email(messageUnlessMissing('must be an email address')).max(254),
    title: z.enum(titles, messageUnlessMissing(`must be one of ${titles.join(', ')}`)),
    technicalFields: z
      .array(singleLineText(1, 50))
      .min(1, 'name at least one technical field')
      .max(10, 'at most 10 technical fields'),
    industries: z
      .array(z.enum(industries, `must be one of ${industries.join(', ')}`))
      .min(1, 'choose at least one industry')
      .max(industries.length)
      .refine(
        (list) => new Set(list).size === list.length,
        coded('duplicateEntries', 'each industry at most once'),
      ),
    statement: longText(applicationStatementLength.min, applicationStatementLength.max),
    /** Districts or towns the expert is willing to serve; matching prefers demands there. */
    serviceAreas: z.array(singleLineText(2, 50)).max(10, 'at most 10 service areas').default([]),
  })
  .meta({ id: 'ApplicationForm', description: 'A commissioner application, as the applicant fills it in.' });
export type ApplicationForm = z.infer<typeof applicationFormSchema>;

export const resubmitApplicationSchema = z
  .strictObject({
    form: applicationFormSchema,
    baseRevision: z.int(messageUnlessMissing('must be a whole number')).min(1, 'must be at least 1'),
  })
  .meta({
    id: 'ResubmitApplication',
    description: 'An edited application and the revision it was based on.',
  });
export type ResubmitApplication = z.infer<typeof resubmitApplicationSchema>;
