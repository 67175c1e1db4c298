import * as z from 'zod';
import { fileOwnerKinds } from '#shared/evidenceFiles/model.ts';
import { evidenceFileLimits, evidenceFileTypes } from '#shared/limits.ts';
import { singleLineText } from '#shared/textSchemas.ts';
import { coded, messageUnlessMissing } from '#shared/validation.ts';

const megabytes = evidenceFileLimits.maxBytes / (1024 * 1024);

/** A file someone is about to upload: for which record, its name, its exact size and its type. */
export const fileUploadRequestSchema = z
  .strictObject({
    owner: z.strictObject({
      kind: z.enum(fileOwnerKinds, messageUnlessMissing(`must be one of ${fileOwnerKinds.join(', ')}`)),
      id: singleLineText(1, 200),
    }),
    name: singleLineText(evidenceFileLimits.nameLength.min, evidenceFileLimits.nameLength.max),
    size: z
      .int(messageUnlessMissing('must be a whole number'))
      .min(1, 'must be at least 1')
      .max(evidenceFileLimits.maxBytes, `must be at most ${evidenceFileLimits.maxBytes} (${megabytes} MB)`),
    type: z.enum(evidenceFileTypes, messageUnlessMissing(`must be one of ${evidenceFileTypes.join(', ')}`)),
  })
  .meta({
    id: 'FileUploadRequest',
    description: `An evidence file to upload to a report, an application or an agreement: PDF, JPEG or PNG, up to ${megabytes} MB. The answer's form uploads exactly this size and type.`,
  });
export type FileUploadRequest = z.infer<typeof fileUploadRequestSchema>;

/** The files a report version carries: ids of files uploaded to the report and accepted. */
export const attachedFileIdsSchema = z
  .array(singleLineText(1, 200))
  .max(evidenceFileLimits.perRecord, `must have at most ${evidenceFileLimits.perRecord} entries`)
  .refine((ids) => new Set(ids).size === ids.length, coded('duplicateEntries', 'must not name a file twice'));
