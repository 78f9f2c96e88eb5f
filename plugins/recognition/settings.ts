import { z } from 'portico/plugin-api';
import type { PluginContext } from 'portico/plugin-api';

/** The recognition plugin's settings; every field has a default, so a fresh install works as is. */
export const settingsSchema = z.object({
  monthlyAllowance: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(100)
    .describe('Points each staff member may give away in kudos per calendar month (UTC).')
    .meta({ title: 'Monthly kudos allowance' }),
  csatFiveStarPoints: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(10)
    .describe('Points the assignee receives when a customer rates a ticket 5 out of 5.')
    .meta({ title: 'Points for a 5-star rating' }),
  trainingPoints: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(5)
    .describe('Points a staff member receives for completing a training module.')
    .meta({ title: 'Points for completed training' }),
  autoCsat: z
    .boolean()
    .default(true)
    .describe('Credit points automatically for 5-star satisfaction ratings (needs the CSAT plugin).')
    .meta({ title: 'Reward 5-star ratings' }),
  autoTraining: z
    .boolean()
    .default(true)
    .describe('Award a badge and points automatically when training is completed (needs the training plugin).')
    .meta({ title: 'Reward completed training' }),
});

export type RecognitionSettings = z.output<typeof settingsSchema>;

/** What the domain functions work with: the plugin's context with its settings typed. */
export type RecognitionContext = PluginContext<RecognitionSettings>;
