import * as z from 'zod';
import { importWorkbookLimits } from '#shared/limits.ts';
import { singleLineText } from '#shared/textSchemas.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

const megabytes = importWorkbookLimits.maxBytes / (1024 * 1024);

/** The workbook the bureau is about to upload: its name and exact size. */
export const importUploadRequestSchema = z
  .strictObject({
    name: singleLineText(importWorkbookLimits.nameLength.min, importWorkbookLimits.nameLength.max),
    size: z
      .int(messageUnlessMissing('must be a whole number'))
      .min(1, 'must be at least 1')
      .max(
        importWorkbookLimits.maxBytes,
        `must be at most ${importWorkbookLimits.maxBytes} (${megabytes} MB)`,
      ),
  })
  .meta({
    id: 'ImportUploadRequest',
    description: `An import workbook (.xlsx, up to ${megabytes} MB) about to be uploaded: the answer's form uploads exactly this size.`,
  });
export type ImportUploadRequest = z.infer<typeof importUploadRequestSchema>;
