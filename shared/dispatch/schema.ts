import * as z from 'zod';
import { objectionReasonLength } from '#shared/limits.ts';
import { longText, singleLineText } from '#shared/textSchemas.ts';

export const proposeDispatchSchema = z
  .strictObject({
    demandId: singleLineText(1, 100),
    commissionerId: singleLineText(1, 100),
  })
  .meta({
    id: 'ProposeDispatch',
    description: 'The commissioner the bureau proposes for a verified demand.',
  });

export const objectionSchema = z
  .strictObject({
    reason: longText(objectionReasonLength.min, objectionReasonLength.max),
  })
  .meta({ id: 'Objection', description: 'An objection to a dispatch under public notice, with its reason.' });
