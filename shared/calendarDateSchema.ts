import * as z from 'zod';
import { isCalendarDate } from '#shared/chinaTime.ts';
import { coded, codedPattern, messageUnlessMissing } from '#shared/validation.ts';

/** A real calendar date written YYYY-MM-DD (2023-02-29 is not one). */
export const calendarDate = z
  .string(messageUnlessMissing('must be a date written YYYY-MM-DD'))
  // Aborting here spares a malformed date a second message from the refinement below.
  .regex(codedPattern(/^\d{4}-\d{2}-\d{2}$/, 'dateFormat'), {
    error: 'must be a date written YYYY-MM-DD',
    abort: true,
  })
  .refine(isCalendarDate, coded('notCalendarDate', 'is not a real calendar date'));
