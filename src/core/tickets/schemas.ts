import { z } from 'zod';
import { tagsSchema } from '../kb/index.ts';
import { emailSchema, nameSchema } from '../users/index.ts';
import { channels, levels, priorities, ticketKinds, ticketStatuses } from './ticket.ts';

export const prioritySchema = z.enum(priorities, { error: 'Choose a priority from P1 to P4.' });
export const statusSchema = z.enum(ticketStatuses, { error: 'Choose new, open, pending, resolved or closed.' });
export const kindSchema = z.enum(ticketKinds, { error: 'Choose incident, service_request, problem or change.' });
export const channelSchema = z.enum(channels, { error: 'Choose portal, email, phone or api.' });
export const levelSchema = z.enum(levels, { error: 'Choose low, medium or high.' });
export const ticketTagsSchema = tagsSchema;

const subjectSchema = z
  .string({ error: 'Give the request a subject.' })
  .trim()
  .min(3, 'Give a subject of at least 3 characters.')
  .max(200, 'Keep the subject under 200 characters.');

export const newTicketSchema = z
  .object({
    requestTypeId: z.string({ error: 'Choose a request type.' }).trim().min(1, 'Choose a request type.'),
    subject: subjectSchema,
    description: z
      .string({ error: 'Describe the request.' })
      .trim()
      .min(1, 'Describe the request.')
      .max(20_000, 'Keep the description under 20,000 characters.'),
    fields: z.record(z.string(), z.unknown()).default({}),
    priority: prioritySchema.optional(),
    impact: levelSchema.optional(),
    urgency: levelSchema.optional(),
    /** Staff only: open the ticket for an existing user. */
    requesterId: z.string().min(1).optional(),
    /** Staff only: open the ticket for a customer found by email, created (with the name) when new. */
    requester: z.object({ email: emailSchema, name: nameSchema.optional() }).strict().optional(),
    channel: channelSchema.optional(),
    groupId: z.string().min(1).nullable().optional(),
    assigneeId: z.string().min(1).nullable().optional(),
    tags: ticketTagsSchema.optional(),
  })
  .strict();
export type NewTicket = z.input<typeof newTicketSchema>;

export const ticketPatchSchema = z
  .object({
    status: statusSchema,
    priority: prioritySchema,
    impact: levelSchema.nullable(),
    urgency: levelSchema.nullable(),
    kind: kindSchema,
    subject: subjectSchema,
    groupId: z.string().min(1).nullable(),
    assigneeId: z.string().min(1).nullable(),
    tags: ticketTagsSchema,
    rootCause: z.string().trim().max(20_000).nullable(),
    workaround: z.string().trim().max(20_000).nullable(),
    /** Resolve or close a parent although children are still open. */
    force: z.boolean(),
  })
  .partial()
  .strict();
export type TicketPatch = z.input<typeof ticketPatchSchema>;

export const replySchema = z
  .object({
    body: z
      .string({ error: 'Write a message.' })
      .trim()
      .min(1, 'Write a message.')
      .max(50_000, 'Keep the message under 50,000 characters.'),
    internal: z.boolean().default(false),
    timeSpentMinutes: z.coerce
      .number()
      .int('Give whole minutes.')
      .min(0, 'Time spent cannot be negative.')
      .max(24 * 60, 'At most 24 hours per reply.')
      .default(0),
    /** Staff only: the status the ticket moves to with this reply (e.g. pending: waiting for the customer). */
    status: statusSchema.optional(),
  })
  .strict();
export type ReplyInput = z.input<typeof replySchema>;
