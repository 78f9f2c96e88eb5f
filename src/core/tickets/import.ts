import { z } from 'zod';
import type { Core } from '../context.ts';
import { newId, nextPosition } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { channelSchema, kindSchema, prioritySchema, statusSchema } from './schemas.ts';
import { isOpenStatus } from './ticket.ts';

const isoTime = z.iso.datetime({ message: 'Give times as ISO 8601 UTC, like 2026-11-23T09:30:00.000Z.' });

const importedTicketSchema = z
  .object({
    kind: kindSchema,
    requestTypeId: z.string().min(1).nullable().default(null),
    subject: z.string().trim().min(1).max(200),
    description: z.string().max(20_000),
    status: statusSchema,
    priority: prioritySchema,
    requesterId: z.string().min(1),
    organisationId: z.string().min(1).nullable().default(null),
    groupId: z.string().min(1).nullable().default(null),
    assigneeId: z.string().min(1).nullable().default(null),
    channel: channelSchema,
    createdAt: isoTime,
    updatedAt: isoTime,
    messages: z
      .array(
        z
          .object({
            authorId: z.string().min(1).nullable(),
            body: z.string().min(1).max(50_000),
            internal: z.boolean(),
            createdAt: isoTime,
          })
          .strict(),
      )
      .max(500)
      .default([]),
  })
  .strict();
export type ImportedTicket = z.input<typeof importedTicketSchema>;

/**
 * Imports finished history in one transaction per call (admins, the CLI and benchmarks): tickets keep
 * their times and get the next numbers; no events fire, because nobody should be mailed about the past.
 * @example
 * const numbers = await importTickets(core, systemActor, rows); // 1,000 rows a call
 */
export async function importTickets(core: Core, actor: Actor | null, raw: ImportedTicket[]): Promise<number[]> {
  assertAdmin(actor);
  if (raw.length > 5_000) throw new PorticoError('invalid_input', 'Import at most 5,000 tickets a call.');
  const rows = raw.map((item) => parseInput(importedTicketSchema, item));
  if (rows.length === 0) return [];
  return core.db.transaction().execute(async (trx) => {
    const counter = await trx
      .updateTable('counters')
      .set((eb) => ({ value: eb('value', '+', rows.length) }))
      .where('name', '=', 'ticket_number')
      .returning('value')
      .executeTakeFirstOrThrow();
    const first = Number(counter.value) - rows.length + 1;
    const tickets = rows.map((row, index) => {
      const resolved = row.status === 'resolved' || row.status === 'closed';
      const firstAgentReply = row.messages.find((message) => !message.internal && message.authorId !== row.requesterId);
      return {
        id: newId(),
        number: first + index,
        kind: row.kind,
        request_type_id: row.requestTypeId,
        request_type_name: null,
        subject: row.subject,
        description: row.description,
        fields: '[]',
        status: row.status,
        is_open: isOpenStatus(row.status) ? 1 : 0,
        priority: row.priority,
        impact: null,
        urgency: null,
        requester_id: row.requesterId,
        organisation_id: row.organisationId,
        group_id: row.groupId,
        assignee_id: row.assigneeId,
        created_by_id: null,
        channel: row.channel,
        parent_id: null,
        problem_id: null,
        merged_into_id: null,
        root_cause: null,
        workaround: null,
        reply_count: row.messages.length,
        first_responded_at: firstAgentReply?.createdAt ?? null,
        last_customer_reply_at: null,
        resolved_at: resolved ? row.updatedAt : null,
        closed_at: row.status === 'closed' ? row.updatedAt : null,
        created_at: row.createdAt,
        updated_at: row.updatedAt,
      };
    });
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let start = 0; start < tickets.length; start += 500) {
      await trx
        .insertInto('tickets')
        .values(tickets.slice(start, start + 500))
        .execute();
    }
    const messages = rows.flatMap((row, index) =>
      row.messages.map((message) => ({
        id: newId(),
        ticket_id: tickets[index]!.id,
        author_id: message.authorId,
        body: message.body,
        internal: message.internal ? 1 : 0,
        channel: tickets[index]!.channel,
        time_spent_minutes: 0,
        created_at: message.createdAt,
        position: nextPosition(),
      })),
    );
    for (let start = 0; start < messages.length; start += 500) {
      await trx
        .insertInto('ticket_messages')
        .values(messages.slice(start, start + 500))
        .execute();
    }
    return tickets.map((ticket) => ticket.number);
  });
}
