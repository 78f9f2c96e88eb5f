import { z } from 'zod';
import { eventTypes } from '../events/index.ts';
import type { EventType } from '../events/index.ts';

/** What a webhook subscribes to: event types, or `['*']` for every event (new types included). */
export type WebhookEvents = EventType[] | ['*'];

const urlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the URL to call.')
  .max(2000, 'Use a URL of at most 2000 characters.')
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Enter a URL starting with https:// or http://.');

/**
 * The events a hook subscribes to; a list with "*" becomes `['*']`, duplicates go.
 * @example
 * webhookEventsSchema.parse(['ticket.created', '*']); // ['*']
 */
export const webhookEventsSchema = z
  .array(z.union([z.literal('*'), z.enum(eventTypes)]), { error: 'Choose at least one event.' })
  .min(1, 'Choose at least one event.')
  .transform((events): WebhookEvents => (events.includes('*') ? ['*'] : [...new Set(events as EventType[])]))
  .meta({ description: 'Event types, or ["*"] for every event' });

/**
 * A new webhook; without a secret, one is generated (and shown once).
 * @example
 * const input = parseInput(webhookInputSchema, { url: 'https://hooks.example.org/in', events: ['*'] });
 */
export const webhookInputSchema = z.strictObject({
  url: urlSchema,
  events: webhookEventsSchema,
  secret: z
    .string()
    .trim()
    .min(16, 'Use a secret of at least 16 characters, or leave it empty to have one generated.')
    .max(200, 'Use a secret of at most 200 characters.')
    .optional(),
  active: z.boolean().default(true),
});
export type WebhookInput = z.input<typeof webhookInputSchema>;

/**
 * A change to a webhook: any of its URL, events and whether it is active.
 * @example
 * const patch = parseInput(webhookPatchSchema, { active: false });
 */
export const webhookPatchSchema = z
  .strictObject({ url: urlSchema, events: webhookEventsSchema, active: z.boolean() })
  .partial();
export type WebhookPatch = z.input<typeof webhookPatchSchema>;
