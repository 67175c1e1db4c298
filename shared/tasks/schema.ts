import * as z from 'zod';
import { listDecisions } from '#shared/tasks/model.ts';
import { messageUnlessMissing } from '#shared/validation.ts';

/** Long text: line breaks are allowed, other control characters (tab aside) are not. */
const hasControlCharacter = (text: string) =>
  [...text].some((char) => {
    const code = char.charCodeAt(0);
    return (code < 0x20 && char !== '\n' && char !== '\r' && char !== '\t') || code === 0x7f;
  });

export const completeTaskSchema = z
  .strictObject({
    decision: z.enum(listDecisions, messageUnlessMissing(`must be one of ${listDecisions.join(', ')}`)),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
    onBehalfOf: z
      .strictObject({
        reason: z
          .string()
          .trim()
          .min(10, 'must say why the bureau records this step for the party, in at least 10 characters')
          .max(500, 'must be at most 500 characters')
          .refine((text) => !hasControlCharacter(text), 'must not contain control characters'),
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
