import { randomBytes } from 'node:crypto';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** The headers that thread a mail about a ticket in the customer's mail client and back into Portico. */
export interface ThreadHeaders {
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
}

/** A fresh Message-ID for a mail about ticket `number`: `<pt1042.k3x…@help.example.org>`. */
export function newMessageId(core: Core, number: number): string {
  return `<pt${number}.${encodeBase32LowerCaseNoPadding(randomBytes(10))}@${core.config.publicUrl.hostname}>`;
}

/** Whether a Message-ID (without brackets) has the shape of one Portico made for this host. */
export function looksOurs(core: Core, messageId: string): boolean {
  const host = core.config.publicUrl.hostname.toLowerCase();
  const match = /^pt\d+\.[a-z0-9]+@(.+)$/i.exec(messageId);
  return match !== null && match[1]!.toLowerCase() === host;
}

/**
 * The mailbox answers to this ticket should go to: the one it came in through, else the first active
 * mailbox; undefined when no mailbox is set up.
 */
export async function replyAddressFor(db: Db, ticketId: string): Promise<string | undefined> {
  const via = await db
    .selectFrom('mail_messages')
    .innerJoin('mailboxes', 'mailboxes.id', 'mail_messages.mailbox_id')
    .select('mailboxes.address')
    .where('mail_messages.ticket_id', '=', ticketId)
    .where('mail_messages.direction', '=', 'in')
    .where('mailboxes.active', '=', 1)
    .orderBy('mail_messages.created_at')
    .executeTakeFirst();
  if (via) return via.address;
  const first = await db
    .selectFrom('mailboxes')
    .select('address')
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('address')
    .executeTakeFirst();
  return first?.address;
}

/**
 * Message-ID, In-Reply-To, References and Reply-To for a new mail about a ticket: it answers the
 * ticket's last inbound mail (References: the first mail Portico sent about it, then the inbound ones,
 * oldest first), or, before any mail came in, the first mail Portico sent, so the thread holds.
 * @example
 * const headers = await threadHeaders(core, ticket.id, ticket.number, { replyTo: true });
 */
export async function threadHeaders(
  core: Core,
  ticketId: string,
  number: number,
  options: { replyTo: boolean },
): Promise<ThreadHeaders> {
  const rows = await core.db
    .selectFrom('mail_messages')
    .select(['direction', 'message_id', 'outcome'])
    .where('ticket_id', '=', ticketId)
    .where((eb) => eb.or([eb('direction', '=', 'out'), eb('outcome', 'in', ['ticket', 'reply'])]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const firstOut = rows.find((row) => row.direction === 'out')?.message_id;
  // Real message ids only: a hash stands in for a missing one and means nothing to mail clients.
  const inbound = rows
    .filter((row) => row.direction === 'in' && !row.message_id.endsWith('@portico.invalid'))
    .map((row) => row.message_id);
  const references = [...(firstOut ? [firstOut] : []), ...inbound.slice(-10)].map((id) => `<${id}>`);
  const last = inbound.at(-1) ?? firstOut;
  const replyTo = options.replyTo ? await replyAddressFor(core.db, ticketId) : undefined;
  return {
    messageId: newMessageId(core, number),
    ...(last && { inReplyTo: `<${last}>` }),
    ...(references.length > 0 && { references }),
    ...(replyTo && { replyTo }),
  };
}

/** Remembers a Message-ID Portico sent about a ticket, so answers to it thread and it is never ingested. */
export async function recordOutbound(
  core: Core,
  mail: { messageId: string; ticketId: string; to: string; subject: string },
): Promise<void> {
  const now = nowStored();
  await core.db
    .insertInto('mail_messages')
    .values({
      id: newId(),
      direction: 'out',
      message_id: mail.messageId.replace(/^<|>$/g, ''),
      mailbox_id: null,
      ticket_id: mail.ticketId,
      ticket_message_id: null,
      from_address: null,
      subject: mail.subject,
      outcome: 'sent',
      reason: `to ${mail.to}`,
      raw_file: null,
      size: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['direction', 'message_id']).doNothing())
    .execute();
}
