import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime, newId, nextPosition, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { assertSignedIn, loadVisibleTicket } from './access.ts';
import { discardUploads, insertAttachments, storeUploads } from './attachments.ts';
import type { Upload } from './attachments.ts';
import { holdsOf } from './holds.ts';
import { replySchema } from './schemas.ts';
import type { ReplyInput } from './schemas.ts';
import { ticketReference } from './ticket.ts';
import type { TicketStatus } from './ticket.table.ts';
import { assertTransition, withinReopenWindow } from './workflow.ts';
import { applyTicketChanges, openChildNumbers } from './write.ts';

export interface TicketMessage {
  id: string;
  ticketId: string;
  authorId: string | null;
  authorName: string | null;
  authorRole: 'customer' | 'agent' | 'admin' | null;
  body: string;
  internal: boolean;
  channel: string;
  timeSpentMinutes: number;
  createdAt: Date;
}

/** A ticket's conversation in order; internal notes only when asked for (staff). */
export async function listMessages(db: Db, ticketId: string, includeInternal: boolean): Promise<TicketMessage[]> {
  let query = db
    .selectFrom('ticket_messages')
    .leftJoin('users', 'users.id', 'ticket_messages.author_id')
    .selectAll('ticket_messages')
    .select(['users.name as author_name', 'users.role as author_role'])
    .where('ticket_messages.ticket_id', '=', ticketId);
  if (!includeInternal) query = query.where('ticket_messages.internal', '=', 0);
  const rows = await query.orderBy('ticket_messages.created_at').orderBy('ticket_messages.position').execute();
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticket_id,
    authorId: row.author_id,
    authorName: row.author_name,
    authorRole: row.author_role,
    body: row.body,
    internal: row.internal === 1,
    channel: row.channel,
    timeSpentMinutes: Number(row.time_spent_minutes),
    createdAt: fromStoredTime(row.created_at),
  }));
}

/** Writes a message by Portico itself (merges, problem resolutions) in the caller's transaction. */
export async function insertSystemMessage(
  db: Db,
  ticketId: string,
  authorId: string | null,
  body: string,
  internal: boolean,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('ticket_messages')
    .values({
      id,
      ticket_id: ticketId,
      author_id: authorId,
      body,
      internal: internal ? 1 : 0,
      channel: 'system',
      time_spent_minutes: 0,
      created_at: nowStored(),
      position: nextPosition(),
    })
    .execute();
  return id;
}

/**
 * Adds a reply (or, for staff, an internal note) to a ticket, with attachments. A customer's reply
 * moves a pending ticket back to open and reopens one resolved within the last 7 days; an agent's
 * first public reply marks the first response, and may set the status (e.g. pending).
 * @example
 * await replyToTicket(core, agent, 1042, { body: 'Restart the router, please.', status: 'pending' });
 */
export async function replyToTicket(
  core: Core,
  actor: Actor | null,
  number: number,
  raw: ReplyInput,
  uploads: Upload[] = [],
): Promise<TicketMessage> {
  assertSignedIn(actor);
  const input = parseInput(replySchema, raw);
  const staff = isStaff(actor);
  if (!staff && input.internal) throw new PorticoError('forbidden', 'Only agents can write internal notes.');
  if (!staff && input.status) {
    throw new PorticoError('forbidden', 'You can only mark your request as resolved.', {
      hint: 'Use "Mark as resolved" on the request.',
    });
  }
  const ticket = await loadVisibleTicket(core, actor, number);
  if (ticket.merged_into_id) {
    const target = await core.db
      .selectFrom('tickets')
      .select('number')
      .where('id', '=', ticket.merged_into_id)
      .executeTakeFirst();
    throw new PorticoError('conflict', `This ticket was merged into ${ticketReference(Number(target?.number))}.`, {
      hint: 'Reply there instead.',
    });
  }
  const now = new Date();
  let status: TicketStatus | undefined = input.status;
  if (!staff) {
    if (ticket.status === 'pending' && (await holdsOf(core.db, ticket.id)).length === 0) status = 'open';
    if (ticket.status === 'resolved') {
      if (!withinReopenWindow(ticket.resolved_at === null ? null : fromStoredTime(ticket.resolved_at), now)) {
        throw new PorticoError('conflict', 'This request was resolved more than 7 days ago.', {
          hint: 'Open a new request and mention this one.',
        });
      }
      status = 'open';
    }
  } else if (!input.internal && status === undefined && ticket.status === 'new') {
    status = 'open';
  }
  if (ticket.status === 'closed' && (!staff || !input.internal || status !== undefined)) {
    throw new PorticoError('conflict', 'This ticket is closed.', {
      hint: staff ? 'Add an internal note, or open a follow-up ticket.' : 'Open a new request and mention this one.',
    });
  }
  if (status !== undefined && staff) {
    assertTransition(actor, ticket.status, status, {
      openChildren: await openChildNumbers(core.db, ticket.id),
      force: false,
    });
  }

  const stored = await storeUploads(core, uploads);
  try {
    const messageId = await core.db.transaction().execute(async (trx) => {
      const authorId = actor.role === 'system' ? null : actor.id;
      const id = newId();
      const createdAt = nowStored();
      await trx
        .insertInto('ticket_messages')
        .values({
          id,
          ticket_id: ticket.id,
          author_id: authorId,
          body: input.body,
          internal: input.internal ? 1 : 0,
          channel: ticket.channel === 'email' && !staff ? 'email' : 'portal',
          time_spent_minutes: input.timeSpentMinutes,
          created_at: createdAt,
          position: nextPosition(),
        })
        .execute();
      await insertAttachments(
        trx,
        { ticketId: ticket.id, messageId: id, uploaderId: authorId, internal: input.internal },
        stored,
      );
      await trx
        .updateTable('tickets')
        .set((eb) => ({
          reply_count: eb('reply_count', '+', 1),
          ...(staff && !input.internal && ticket.first_responded_at === null && { first_responded_at: createdAt }),
          ...(!staff && { last_customer_reply_at: createdAt }),
        }))
        .where('id', '=', ticket.id)
        .execute();
      await applyTicketChanges(
        trx,
        authorId,
        ticket,
        { ...(status !== undefined && { status }) },
        {
          reopenReason: staff ? 'agent' : 'customer_reply',
          extraEvents: [
            {
              type: 'ticket.replied',
              subjectId: ticket.id,
              payload: {
                ticketId: ticket.id,
                number: Number(ticket.number),
                messageId: id,
                authorId,
                internal: input.internal,
                fromCustomer: !staff,
              },
            },
          ],
        },
      );
      return id;
    });
    core.events.dispatchSoon();
    const messages = await listMessages(core.db, ticket.id, true);
    return messages.find((message) => message.id === messageId)!;
  } catch (error) {
    await discardUploads(core, stored);
    throw error;
  }
}
