import type { Db } from '../db/connect.ts';
import type { DeliveredEvent } from '../events/index.ts';
import { toStoredTime } from '../db/values.ts';
import { holdsOf } from '../tickets/index.ts';
import { mentionedStaff } from './mentions.ts';
import type { TemplateKey } from './templates.ts';

/** One mail to send: which template, to whom, and what the template needs besides the ticket. */
export interface MailPlan {
  template: TemplateKey;
  recipientId: string;
  messageId?: string;
  sla?: { target: string; due: string };
}

/** The requester and the customers watching: the people request mails go to. */
export async function customerAudience(db: Db, ticketId: string): Promise<string[]> {
  const ticket = await db.selectFrom('tickets').select('requester_id').where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return [];
  const watchers = await db
    .selectFrom('ticket_watchers')
    .innerJoin('users', 'users.id', 'ticket_watchers.user_id')
    .select('users.id')
    .where('ticket_watchers.ticket_id', '=', ticketId)
    .where('users.role', '=', 'customer')
    .execute();
  return [...new Set([ticket.requester_id, ...watchers.map((row) => row.id)])];
}

/** The ticket's assignee, or when it has none, its group's members (or only the leads). */
export async function responsibleAgents(db: Db, ticketId: string, leadsOnly: boolean): Promise<string[]> {
  const ticket = await db
    .selectFrom('tickets')
    .select(['assignee_id', 'group_id'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return [];
  if (ticket.assignee_id) return [ticket.assignee_id];
  if (!ticket.group_id) return [];
  let query = db.selectFrom('group_members').select('user_id').where('group_id', '=', ticket.group_id);
  if (leadsOnly) query = query.where('is_lead', '=', 1);
  return (await query.execute()).map((row) => row.user_id);
}

function plans(template: TemplateKey, recipientIds: string[], extra: Partial<MailPlan> = {}): MailPlan[] {
  return recipientIds.map((recipientId) => ({ template, recipientId, ...extra }));
}

/**
 * "Waiting for you" is left out when the same change carried a public agent reply: that reply's mail
 * already asks the customer, and two mails for one click is noise.
 */
async function cameWithPublicReply(db: Db, event: DeliveredEvent<'ticket.updated'>): Promise<boolean> {
  const rows = await db
    .selectFrom('event_outbox')
    .select('payload')
    .where('subject_id', '=', event.subjectId)
    .where('type', '=', 'ticket.replied')
    .where('created_at', '=', toStoredTime(event.createdAt))
    .execute();
  return rows.some((row) => {
    const payload = JSON.parse(row.payload) as { internal?: boolean; fromCustomer?: boolean };
    return payload.internal === false && payload.fromCustomer === false;
  });
}

/** The mails a ticket event asks for, before preferences and the actor are taken into account. */
export async function plansForTicketEvent(db: Db, event: DeliveredEvent): Promise<MailPlan[]> {
  const ticketId = event.subjectId;
  switch (event.type) {
    case 'ticket.created':
      return plans('request.received', await customerAudience(db, ticketId));
    case 'ticket.resolved':
      return plans('request.resolved', await customerAudience(db, ticketId));
    case 'ticket.updated': {
      const { changes } = (event as DeliveredEvent<'ticket.updated'>).payload;
      const pending = changes.some((change) => change.field === 'status' && change.to === 'pending');
      if (!pending || (await cameWithPublicReply(db, event as DeliveredEvent<'ticket.updated'>))) return [];
      // A held ticket (an approval) waits for someone else, not for the customer.
      if ((await holdsOf(db, ticketId)).length > 0) return [];
      return plans('request.waiting', await customerAudience(db, ticketId));
    }
    case 'ticket.assigned': {
      const { assigneeId } = (event as DeliveredEvent<'ticket.assigned'>).payload;
      return assigneeId ? plans('agent.assigned', [assigneeId]) : [];
    }
    case 'ticket.replied': {
      const { internal, fromCustomer, messageId } = (event as DeliveredEvent<'ticket.replied'>).payload;
      if (internal) {
        const note = await db
          .selectFrom('ticket_messages')
          .select(['body', 'internal', 'author_id'])
          .where('id', '=', messageId)
          .executeTakeFirst();
        // Notes the system or a plugin writes may quote a customer (a CSAT comment, say), who must not
        // be able to mail staff by writing "@name" into it: only a person's note mentions anyone.
        if (!note || note.internal !== 1 || note.author_id === null) return [];
        return plans('agent.mention', await mentionedStaff(db, note.body), { messageId });
      }
      if (fromCustomer)
        return plans('agent.customer_replied', await responsibleAgents(db, ticketId, false), { messageId });
      return plans('request.replied', await customerAudience(db, ticketId), { messageId });
    }
    default:
      return [];
  }
}

/** The mails an SLA event asks for: to the assignee, or to the group's leads when there is none. */
export async function plansForSlaEvent(
  db: Db,
  template: 'agent.sla_at_risk' | 'agent.sla_breached',
  ticketId: string,
  payload: { target: string; due: string },
): Promise<MailPlan[]> {
  const sla = { target: payload.target, due: payload.due };
  return plans(template, await responsibleAgents(db, ticketId, true), { sla });
}
