import type { Core } from '../context.ts';
import type { OutgoingMail } from '../mail/index.ts';
import { threadHeaders } from '../mail/thread.ts';
import { getSettings } from '../settings/index.ts';
import { ticketReference } from '../tickets/index.ts';
import { formatDue } from './preview.ts';
import { fillTemplate, finishSubject } from './render.ts';
import { loadTemplate } from './template-store.ts';
import type { TemplateKey } from './templates.ts';

/** What a notification job stores: ids only; the text is loaded when the mail is sent. */
export interface NotificationJob {
  template: TemplateKey;
  ticketId: string;
  recipientId: string;
  messageId: string | null;
  sla: { target: string; due: string } | null;
}

function dueText(due: string): string {
  const date = new Date(due);
  return Number.isNaN(date.getTime()) ? due : formatDue(date);
}

/**
 * Builds a notification mail from the database as it is now; undefined when there is nothing to send
 * (the ticket or person is gone or deactivated, or a customer mail would show an internal note).
 */
export async function composeNotification(core: Core, job: NotificationJob): Promise<OutgoingMail | undefined> {
  const { db } = core;
  const template = await loadTemplate(db, job.template);
  const ticket = await db
    .selectFrom('tickets')
    .innerJoin('users as requester', 'requester.id', 'tickets.requester_id')
    .select([
      'tickets.number',
      'tickets.subject',
      'tickets.status',
      'tickets.priority',
      'requester.name as requester_name',
    ])
    .where('tickets.id', '=', job.ticketId)
    .executeTakeFirst();
  const recipient = await db
    .selectFrom('users')
    .select(['email', 'name', 'role', 'active'])
    .where('id', '=', job.recipientId)
    .executeTakeFirst();
  if (!ticket || !recipient || recipient.active !== 1) return undefined;
  if (template.audience === 'agent' && recipient.role === 'customer') return undefined;
  let message: { body: string; author: string } | undefined;
  if (job.messageId) {
    const row = await db
      .selectFrom('ticket_messages')
      .leftJoin('users', 'users.id', 'ticket_messages.author_id')
      .select(['ticket_messages.body', 'ticket_messages.internal', 'users.name as author_name'])
      .where('ticket_messages.id', '=', job.messageId)
      .where('ticket_messages.ticket_id', '=', job.ticketId)
      .executeTakeFirst();
    if (!row) return undefined;
    // Checked again here, whatever enqueued the job: a customer's mail never carries an internal note.
    if (template.audience === 'customer' && row.internal !== 0) return undefined;
    message = { body: row.body, author: row.author_name ?? 'The service desk' };
  }
  const number = Number(ticket.number);
  const reference = ticketReference(number);
  const path = template.audience === 'customer' ? `/requests/${number}` : `/desk/tickets/${number}`;
  const values = {
    'ticket.reference': reference,
    'ticket.subject': ticket.subject,
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority,
    'requester.name': ticket.requester_name,
    'recipient.name': recipient.name,
    'message.body': message?.body ?? '',
    'message.author': message?.author ?? '',
    link: new URL(path, core.config.publicUrl).href,
    'portal.name': (await getSettings(db)).organisationName,
    'sla.target': job.sla?.target.replace(/_/g, ' ') ?? '',
    'sla.due': job.sla ? dueText(job.sla.due) : '',
  };
  // Threaded like a conversation, so the customer can answer by mail; only customers are told to reply
  // to the mailbox (an agent's answer by mail would be a public reply, which they should write in the desk).
  const thread = await threadHeaders(core, job.ticketId, number, { replyTo: template.audience === 'customer' });
  return {
    to: recipient.email,
    subject: finishSubject(fillTemplate(template.subject, values), reference),
    text: fillTemplate(template.text, values),
    ...thread,
    autoSubmitted: 'auto-generated',
  };
}
