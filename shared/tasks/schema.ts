import * as z from 'zod';
import { listDecisions } from '#shared/tasks/model.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

export const completeTaskSchema = z
  .strictObject({
    decision: z.enum(listDecisions, messageUnlessMissing(`must be one of ${listDecisions.join(', ')}`)),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .meta({
    id: 'CompleteTask',
    description: "A human step's decision, with the reason where one is required.",
  });
export type CompleteTaskInput = z.infer<typeof completeTaskSchema>;
