import * as z from 'zod';
import { nomineeLimitRange, panelScoreRange } from '#shared/limits.ts';
import { singleLineText } from '#shared/textSchemas.ts';
import { coded, codedPattern, messageUnlessMissing } from '#shared/validation.ts';

export const openRoundSchema = z
  .strictObject({
    year: z
      .string(messageUnlessMissing('must be a year written YYYY'))
      .regex(codedPattern(/^\d{4}$/, 'yearFormat'), 'must be a year written YYYY'),
    limit: z
      .int(messageUnlessMissing('must be a whole number'))
      .min(nomineeLimitRange.min, `must be at least ${nomineeLimitRange.min}`)
      .max(nomineeLimitRange.max, `must be at most ${nomineeLimitRange.max}`),
  })
  .meta({
    id: 'OpenCommendationRound',
    description: "Opens a year's commendation round, with the most nominees it takes.",
  });
export type OpenRound = z.infer<typeof openRoundSchema>;

export const nominationsSchema = z
  .strictObject({
    assessmentIds: z
      .array(singleLineText(1, 200))
      .min(1, 'must name at least one assessment')
      .max(100)
      .refine(
        (ids) => new Set(ids).size === ids.length,
        coded('duplicateEntries', 'must not name an assessment twice'),
      ),
  })
  .meta({
    id: 'Nominations',
    description: 'The assessments (graded excellent) whose commissioners are nominated.',
  });
export type Nominations = z.infer<typeof nominationsSchema>;

export const panelSchema = z
  .strictObject({
    members: z
      .array(
        z.strictObject({
          email: z.email('must be an email address').max(200),
          organization: singleLineText(1, 200),
        }),
      )
      .min(1, 'must name at least one member')
      .max(50)
      .refine(
        (members) => new Set(members.map((m) => m.email.toLowerCase())).size === members.length,
        coded('duplicateEntries', 'must not name a member twice'),
      ),
  })
  .meta({
    id: 'Panel',
    description: "The round's panel: each member's email and the institution or enterprise they belong to.",
  });
export type Panel = z.infer<typeof panelSchema>;

export const panelScoreSchema = z
  .strictObject({
    nomineeId: singleLineText(1, 200),
    score: z
      .int(
        messageUnlessMissing(`must be a whole number from ${panelScoreRange.min} to ${panelScoreRange.max}`),
      )
      .min(panelScoreRange.min, `must be from ${panelScoreRange.min} to ${panelScoreRange.max}`)
      .max(panelScoreRange.max, `must be from ${panelScoreRange.min} to ${panelScoreRange.max}`),
  })
  .meta({ id: 'PanelScore', description: "A panel member's score of one nominee, 0 to 100." });
export type PanelScoreInput = z.infer<typeof panelScoreSchema>;
