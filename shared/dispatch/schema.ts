import * as z from 'zod';

export const proposeDispatchSchema = z
  .strictObject({
    demandId: z.string().trim().min(1, 'is required').max(100),
    commissionerId: z.string().trim().min(1, 'is required').max(100),
  })
  .meta({
    id: 'ProposeDispatch',
    description: 'The commissioner the bureau proposes for a verified demand.',
  });

export const objectionSchema = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(10, 'must be at least 10 characters')
      .max(2000, 'must be at most 2000 characters'),
  })
  .meta({ id: 'Objection', description: 'An objection to a dispatch under public notice, with its reason.' });
