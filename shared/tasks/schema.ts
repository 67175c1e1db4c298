import * as z from 'zod';
import { listDecisions } from '#shared/tasks/model.ts';
import { longText } from '#shared/textSchemas.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

export const completeTaskSchema = z
  .strictObject({
    decision: z.enum(listDecisions, messageUnlessMissing(`must be one of ${listDecisions.join(', ')}`)),
    reason: longText(0, 1000).optional(),
  })
  .meta({
    id: 'CompleteTask',
    description: "A human step's decision, with the reason where one is required.",
  });
export type CompleteTaskInput = z.infer<typeof completeTaskSchema>;
