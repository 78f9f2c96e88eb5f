import { z } from 'portico/plugin-api';

/** The CSAT plugin's settings; every field has a default, so a fresh install works as is. */
export const settingsSchema = z.object({
  delayMinutes: z
    .number()
    .int()
    .min(0)
    .max(10_080)
    .default(0)
    .describe('How long after a ticket is resolved the survey mail goes out; 0 sends it right away.')
    .meta({ title: 'Delay before the survey (minutes)' }),
  requestTypeIds: z
    .array(z.string().trim().min(1))
    .default([])
    .describe(
      'Only tickets of these request types get a survey: one request type id (or exact name) per line. Leave empty for all request types.',
    )
    .meta({ title: 'Request types surveyed' }),
  reminderEnabled: z
    .boolean()
    .default(true)
    .describe('Send one reminder to requesters who have not answered.')
    .meta({ title: 'Send a reminder' }),
  reminderAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 29)
    .default(72)
    .describe('How long after the survey mail the reminder goes out, if the survey is still unanswered.')
    .meta({ title: 'Reminder after (hours)' }),
  lowRatingThreshold: z
    .number()
    .int()
    .min(0)
    .max(4)
    .default(2)
    .describe(
      'Ratings at or below this start service recovery: a follow-up task for the group lead and an internal note on the ticket. 0 turns it off.',
    )
    .meta({ title: 'Service recovery at or below rating' }),
});

export type CsatSettings = z.output<typeof settingsSchema>;
