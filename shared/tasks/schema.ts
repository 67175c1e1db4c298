import * as z from 'zod';
import { listDecisions } from '#shared/tasks/model.ts';
import { longText } from '#shared/textSchemas.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

export const completeTaskSchema = z
  .strictObject({
    decision: z.enum(listDecisions, messageUnlessMissing(`must be one of ${listDecisions.join(', ')}`)),
    reason: longText(0, 1000).optional(),
    onBehalfOf: z
      .strictObject({
        // Why the bureau records this step for the party: a paper signature received, say.
        reason: longText(10, 500),
      })
      .optional()
      .meta({
        description:
          "The bureau records a party's own step for them (a paper signature it received, say), with why.",
      }),
  })
  .meta({
    id: 'CompleteTask',
    description:
      "A human step's decision, with the reason where one is required; the bureau completes a party's step only on its behalf.",
  });
export type CompleteTaskInput = z.infer<typeof completeTaskSchema>;
