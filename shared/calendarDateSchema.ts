import * as z from 'zod';
import { messageUnlessMissing } from '#shared/validation.ts';

/** A real calendar date written YYYY-MM-DD (2023-02-29 is not one). */
export const calendarDate = z
  .string(messageUnlessMissing('must be a date written YYYY-MM-DD'))
  // Aborting here spares a malformed date a second message from the refinement below.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a real calendar date');
