import * as z from 'zod';
import { emailLanguages } from '#shared/email/catalogue.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

/** The language a person reads their email in. */
export const emailLanguageSchema = z
  .strictObject({
    language: z.enum(emailLanguages, messageUnlessMissing(`must be one of ${emailLanguages.join(', ')}`)),
  })
  .meta({
    id: 'EmailLanguage',
    description:
      'The language the caller’s email comes in from now on: zh-CN or en. Until a person says, each email has both, Chinese first.',
  });
