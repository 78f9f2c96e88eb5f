import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { newId, nowStored, toStoredTime } from '../db/values.ts';
import { isPorticoError, PorticoError } from '../errors.ts';
import { enqueueJob } from '../jobs/index.ts';
import { createTicket, getTicket, replyToTicket, ticketReference } from '../tickets/index.ts';
import type { Upload } from '../tickets/index.ts';
import type { User } from '../users/index.ts';
import { findUserByEmail, systemActor } from '../users/index.ts';
import { classifyAutomatic } from './classify.ts';
import type { MailboxTable, MailMessageTable, MailOutcome } from './mail.table.ts';
import { maxMessageBytes, parseMail } from './parse.ts';
import type { InboundMail } from './parse.ts';
import { quarantineMessage } from './quarantine-store.ts';
import { removeRaw, storeRaw } from './raw-store.ts';
import { looksOurs, newMessageId } from './thread.ts';

/** Mail a sender may send per hour before the rest is quarantined. */
export const senderHourlyLimit = 20;

/** What became of one message. */
export interface IngestResult {
  outcome: Exclude<MailOutcome, 'processing' | 'sent'> | 'duplicate';
  ticketNumber?: number;
  quarantineId?: string;
  reason?: string;
}

/** Test seams: called right after the ticket or reply is committed, before the message is marked done. */
export interface IngestHooks {
  afterCommit?(result: { ticketNumber: number; messageId: string }): void | Promise<void>;
}

export interface IngestOptions {
  /** The mailbox it came through; by default the one it was addressed to, else the first active one. */
  mailbox?: Selectable<MailboxTable>;
  /** An admin released it from quarantine: skip the size check and the sender's rate limit. */
  released?: boolean;
  hooks?: IngestHooks;
}

type Row = Selectable<MailMessageTable>;
type Target = { id: string; number: number };

const descriptionLimit = 20_000;
const replyLimit = 50_000;

function limitText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit - 200).trimEnd()}\n\n[The message was shortened; the original mail is kept with the ticket.]`;
}

/** The subject a ticket opened from this mail gets (the core wants 3 to 200 characters). */
export function ticketSubject(mail: InboundMail): string {
  const subject = mail.subject.replace(/^((re|fw|fwd|aw|wg|sv|vs)\s*(\[\d+\])?:\s*)+/i, '').trim();
  if (subject.length < 3) return `Mail from ${mail.from?.address ?? 'unknown sender'}`;
  return subject.length > 200 ? `${subject.slice(0, 199)}…` : subject;
}

function withSkipped(body: string, skipped: string[]): string {
  if (skipped.length === 0) return body;
  const list = skipped.map((name) => `"${name}"`).join(', ');
  return `${body}\n\n[Not attached (type not accepted or too large): ${list}. They are in the original mail.]`;
}

function description(mail: InboundMail, note = ''): string {
  const text = mail.body === '' ? '(The mail had no text.)' : mail.body;
  return limitText(withSkipped(`${note}${text}`, mail.skipped), descriptionLimit);
}

function replyBody(mail: InboundMail): string {
  return limitText(withSkipped(mail.body === '' ? '(The mail had no text.)' : mail.body, mail.skipped), replyLimit);
}

/**
 * A mailbox by its address (for `portico mail ingest --mailbox`: the CLI is trusted, so no actor).
 * @example
 * const mailbox = await findMailboxByAddress(core, 'support@example.org');
 */
export async function findMailboxByAddress(core: Core, address: string): Promise<Selectable<MailboxTable> | undefined> {
  return core.db
    .selectFrom('mailboxes')
    .selectAll()
    .where('address', '=', address.trim().toLowerCase())
    .executeTakeFirst();
}

/** The mailbox a message belongs to. */
async function chooseMailbox(core: Core, mail: InboundMail | null): Promise<Selectable<MailboxTable>> {
  const rows = await core.db.selectFrom('mailboxes').selectAll().orderBy('created_at').orderBy('address').execute();
  const addressed = rows.find((row) => mail?.to.includes(row.address));
  const chosen = addressed ?? rows.find((row) => row.active === 1);
  if (!chosen) {
    throw new PorticoError('invalid_input', 'No mailbox is set up to take mail.', {
      hint: 'Add one under Admin → Channels (or pass --mailbox ADDRESS).',
    });
  }
  return chosen;
}

async function record(
  core: Core,
  mail: InboundMail,
  mailbox: Selectable<MailboxTable>,
  fields: {
    outcome: MailOutcome;
    reason?: string | null;
    ticketId?: string | null;
    rawFile: string | null;
    size: number;
  },
): Promise<Row> {
  const now = nowStored();
  const row: Row = {
    id: newId(),
    direction: 'in',
    message_id: mail.messageId,
    mailbox_id: mailbox.id,
    ticket_id: fields.ticketId ?? null,
    ticket_message_id: null,
    from_address: mail.from?.address ?? null,
    subject: mail.subject.slice(0, 500),
    outcome: fields.outcome,
    reason: fields.reason ?? null,
    raw_file: fields.rawFile,
    size: fields.size,
    created_at: now,
    updated_at: now,
  };
  const inserted = await core.db
    .insertInto('mail_messages')
    .values(row)
    .onConflict((oc) => oc.columns(['direction', 'message_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 1n) === 0) {
    const existing = await findInbound(core, mail.messageId);
    if (existing) return existing;
  }
  return row;
}

async function finish(
  core: Core,
  row: Row,
  fields: { outcome: MailOutcome; ticketId?: string | null; messageId?: string | null; reason?: string | null },
): Promise<void> {
  await core.db
    .updateTable('mail_messages')
    .set({
      outcome: fields.outcome,
      ticket_id: fields.ticketId ?? null,
      ticket_message_id: fields.messageId ?? null,
      reason: fields.reason ?? null,
      updated_at: nowStored(),
    })
    .where('id', '=', row.id)
    .execute();
}

function findInbound(core: Core, messageId: string): Promise<Row | undefined> {
  return core.db
    .selectFrom('mail_messages')
    .selectAll()
    .where('direction', '=', 'in')
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/** The ticket a message answers, by its thread headers, then by "PT-1234" in the subject. */
async function threadTarget(core: Core, mail: InboundMail, sender: User | undefined): Promise<Target | undefined> {
  const candidates: number[] = [];
  if (mail.thread.length > 0) {
    const rows = await core.db
      .selectFrom('mail_messages')
      .innerJoin('tickets', 'tickets.id', 'mail_messages.ticket_id')
      .select(['mail_messages.message_id', 'tickets.number'])
      .where('mail_messages.message_id', 'in', mail.thread.slice(0, 50))
      .execute();
    for (const id of mail.thread) {
      const row = rows.find((candidate) => candidate.message_id === id);
      if (row) candidates.push(Number(row.number));
    }
  }
  const inSubject = /\bPT-(\d{1,12})\b/i.exec(mail.subject);
  if (inSubject) candidates.push(Number(inSubject[1]));
  if (!sender) return undefined;
  for (const number of [...new Set(candidates)]) {
    // The core's own rule: a sender who may not see the ticket cannot add to it.
    const detail = await getTicket(core, sender, number).catch(() => undefined);
    if (detail) return { id: detail.ticket.id, number };
  }
  return undefined;
}

/** Whether the mail is Portico's own (a notification coming back, or sent from a mailbox it reads). */
async function isOwnMail(core: Core, mail: InboundMail): Promise<string | undefined> {
  const from = mail.from?.address ?? '';
  const mailFrom = /<([^>]+)>/.exec(core.config.mailFrom)?.[1] ?? core.config.mailFrom;
  if (from === mailFrom.trim().toLowerCase()) return 'sent by Portico';
  const mailbox = await core.db.selectFrom('mailboxes').select('id').where('address', '=', from).executeTakeFirst();
  if (mailbox) return 'sent from a mailbox Portico reads';
  if (looksOurs(core, mail.messageId)) return 'one of our own Message-IDs';
  const sent = await core.db
    .selectFrom('mail_messages')
    .select('id')
    .where('direction', '=', 'out')
    .where('message_id', '=', mail.messageId)
    .executeTakeFirst();
  return sent ? 'one of our own Message-IDs' : undefined;
}

async function overRateLimit(core: Core, address: string): Promise<boolean> {
  const since = toStoredTime(new Date(Date.now() - 60 * 60 * 1000));
  const row = await core.db
    .selectFrom('mail_messages')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('direction', '=', 'in')
    .where('from_address', '=', address)
    .where('created_at', '>=', since)
    .where('outcome', 'in', ['processing', 'ticket', 'reply', 'rejected'])
    .executeTakeFirstOrThrow();
  return Number(row.count) >= senderHourlyLimit;
}

/**
 * After a crash between committing a ticket (or reply) and marking its message done: finds what this
 * message already made, so it is not made twice.
 */
async function alreadyDone(
  core: Core,
  mail: InboundMail,
  claim: Row,
): Promise<{ outcome: 'ticket' | 'reply'; target: Target; messageId: string | null } | undefined> {
  const from = mail.from!.address;
  const ticket = await core.db
    .selectFrom('tickets')
    .innerJoin('users', 'users.id', 'tickets.requester_id')
    .select(['tickets.id', 'tickets.number'])
    .where('users.email', '=', from)
    .where('tickets.channel', '=', 'email')
    .where('tickets.created_at', '>=', claim.created_at)
    .where('tickets.subject', '=', ticketSubject(mail))
    .orderBy('tickets.created_at')
    .executeTakeFirst();
  if (ticket) return { outcome: 'ticket', target: { id: ticket.id, number: Number(ticket.number) }, messageId: null };
  const message = await core.db
    .selectFrom('ticket_messages')
    .innerJoin('users', 'users.id', 'ticket_messages.author_id')
    .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
    .select(['ticket_messages.id', 'tickets.id as ticket_id', 'tickets.number'])
    .where('users.email', '=', from)
    .where('ticket_messages.created_at', '>=', claim.created_at)
    .where('ticket_messages.body', '=', replyBody(mail).trim())
    .executeTakeFirst();
  if (message) {
    return {
      outcome: 'reply',
      target: { id: message.ticket_id, number: Number(message.number) },
      messageId: message.id,
    };
  }
  return undefined;
}

function isUploadProblem(error: unknown): boolean {
  return (
    isPorticoError(error) &&
    (error.code === 'payload_too_large' ||
      (error.code === 'invalid_input' &&
        Boolean((error.details?.['fields'] as Record<string, string> | undefined)?.['attachments'])))
  );
}

/** Runs a core call with the mail's attachments; if the core refuses a file, again without them (noted). */
async function withAttachments<T>(
  mail: InboundMail,
  call: (uploads: Upload[], mail: InboundMail) => Promise<T>,
): Promise<T> {
  try {
    return await call(mail.attachments, mail);
  } catch (error) {
    if (!isUploadProblem(error) || mail.attachments.length === 0) throw error;
    const skipped = [...mail.skipped, ...mail.attachments.map((upload) => upload.name)];
    return call([], { ...mail, attachments: [], skipped });
  }
}

function bounceText(mailbox: Selectable<MailboxTable>, subject: string): string {
  return (
    `Hello,\n\nThank you for your message "${subject}" to ${mailbox.address}.\n\n` +
    'Only registered customers can open requests by mail, so it has not been turned into a request. ' +
    'If you have an account, write from the address it uses, or open a request on the portal.\n\n' +
    'This is an automatic reply; answers to it are not read.'
  );
}

async function bounce(
  core: Core,
  mail: InboundMail,
  mailbox: Selectable<MailboxTable>,
  claim: Row,
): Promise<IngestResult> {
  const reason = 'unknown sender; this mailbox takes mail from registered customers only';
  await core.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mail_messages')
      .set({ outcome: 'rejected', reason, updated_at: nowStored() })
      .where('id', '=', claim.id)
      .execute();
    await enqueueJob(
      trx,
      'mail.send',
      {
        to: mail.from!.address,
        subject: `Re: ${mail.subject || '(no subject)'}`.slice(0, 200),
        text: bounceText(mailbox, mail.subject || '(no subject)'),
        messageId: newMessageId(core, 0),
        ...(mail.hasMessageId && { inReplyTo: `<${mail.messageId}>`, references: [`<${mail.messageId}>`] }),
        replyTo: mailbox.address,
        autoSubmitted: 'auto-replied',
      },
      { dedupeKey: `mail.bounce:${mail.messageId}`, maxAttempts: 6 },
    );
  });
  return { outcome: 'rejected', reason };
}

async function openTicket(
  core: Core,
  mail: InboundMail,
  mailbox: Selectable<MailboxTable>,
  sender: User | undefined,
  note: string,
  hooks: IngestHooks | undefined,
): Promise<Target> {
  const from = mail.from!;
  const ticket = await withAttachments(mail, (uploads, current) =>
    createTicket(
      core,
      systemActor,
      {
        requestTypeId: mailbox.request_type_id,
        subject: ticketSubject(current),
        description: description(current, note),
        channel: 'email',
        ...(mailbox.group_id && { groupId: mailbox.group_id }),
        ...(sender
          ? { requesterId: sender.id }
          : { requester: { email: from.address, name: (from.name || from.address.split('@')[0]!).slice(0, 120) } }),
      },
      { attachments: uploads },
    ),
  );
  await hooks?.afterCommit?.({ ticketNumber: ticket.number, messageId: mail.messageId });
  return { id: ticket.id, number: ticket.number };
}

async function process(
  core: Core,
  mail: InboundMail,
  mailbox: Selectable<MailboxTable>,
  claim: Row,
  hooks: IngestHooks | undefined,
): Promise<IngestResult> {
  const sender = await findUserByEmail(core.db, mail.from!.address);
  const target = await threadTarget(core, mail, sender);
  if (target && sender) {
    try {
      const message = await withAttachments(mail, (uploads, current) =>
        replyToTicket(core, sender, target.number, { body: replyBody(current) }, uploads),
      );
      await hooks?.afterCommit?.({ ticketNumber: target.number, messageId: mail.messageId });
      await finish(core, claim, { outcome: 'reply', ticketId: target.id, messageId: message.id });
      return { outcome: 'reply', ticketNumber: target.number };
    } catch (error) {
      // A closed ticket (or one resolved too long ago, or merged) takes no replies: open a follow-up.
      if (!isPorticoError(error) || error.code !== 'conflict') throw error;
    }
  }
  if (!sender && mailbox.allow_unknown !== 1) return bounce(core, mail, mailbox, claim);
  const note = target ? `(Follow-up to ${ticketReference(target.number)}.)\n\n` : '';
  const ticket = await openTicket(core, mail, mailbox, sender, note, hooks);
  await finish(core, claim, { outcome: 'ticket', ticketId: ticket.id });
  return { outcome: 'ticket', ticketNumber: ticket.number };
}

/**
 * Turns one raw message into a ticket or a reply (acting as the sender, through the tickets core), or
 * records why not: a duplicate, Portico's own mail, automatic mail (loops, bounces, out-of-office), an
 * unknown sender bounced politely, or — when it is oversized, unreadable, has no sender, exceeds the
 * sender's hourly limit or is refused by the desk — quarantined for an admin. The original is kept under
 * $PORTICO_DATA_DIR/mail. Throws only for failures worth retrying (the database is down): the caller then
 * leaves the message unread, and a second run finds what the first one finished.
 * @example
 * const result = await ingestMessage(core, fs.readFileSync('message.eml'));
 * result.outcome; // 'ticket'
 */
export async function ingestMessage(core: Core, raw: Buffer, options: IngestOptions = {}): Promise<IngestResult> {
  const pick = (mail: InboundMail | null) =>
    options.mailbox ? Promise.resolve(options.mailbox) : chooseMailbox(core, mail);
  if (!options.released && raw.byteLength > maxMessageBytes) {
    return quarantineMessage(
      core,
      raw,
      await pick(null),
      null,
      'too_large',
      `larger than 25 MiB (${raw.byteLength} bytes)`,
    );
  }
  let mail: InboundMail;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    return quarantineMessage(core, raw, await pick(null), null, 'unparseable', (error as Error).message);
  }
  const mailbox = await pick(mail);
  if (!mail.from) return quarantineMessage(core, raw, mailbox, mail, 'no_from', 'the message has no From address');
  const existing = await findInbound(core, mail.messageId);
  if (existing && existing.outcome !== 'processing') {
    return { outcome: 'duplicate', reason: `already processed (${existing.outcome})` };
  }
  const own = await isOwnMail(core, mail);
  if (own) {
    await record(core, mail, mailbox, {
      outcome: 'loop',
      reason: own,
      rawFile: await storeRaw(core, raw),
      size: raw.byteLength,
    });
    return { outcome: 'loop', reason: own };
  }
  const automatic = classifyAutomatic(mail);
  if (automatic) {
    const sender = await findUserByEmail(core.db, mail.from.address);
    const target = await threadTarget(core, mail, sender);
    await record(core, mail, mailbox, {
      ...automatic,
      ticketId: target?.id ?? null,
      rawFile: await storeRaw(core, raw),
      size: raw.byteLength,
    });
    return { ...automatic, ...(target && { ticketNumber: target.number }) };
  }
  let claim = existing;
  if (claim) {
    const done = await alreadyDone(core, mail, claim);
    if (done) {
      await finish(core, claim, { outcome: done.outcome, ticketId: done.target.id, messageId: done.messageId });
      return { outcome: done.outcome, ticketNumber: done.target.number };
    }
  } else {
    if (!options.released && (await overRateLimit(core, mail.from.address))) {
      return quarantineMessage(
        core,
        raw,
        mailbox,
        mail,
        'rate_limited',
        `more than ${senderHourlyLimit} messages from ${mail.from.address} within an hour`,
      );
    }
    claim = await record(core, mail, mailbox, {
      outcome: 'processing',
      rawFile: await storeRaw(core, raw),
      size: raw.byteLength,
    });
  }
  try {
    return await process(core, mail, mailbox, claim, options.hooks);
  } catch (error) {
    if (!isPorticoError(error)) throw error;
    // The desk refused it (e.g. a deactivated sender): keep it for an admin rather than lose it.
    await core.db.deleteFrom('mail_messages').where('id', '=', claim.id).execute();
    if (claim.raw_file) await removeRaw(core, claim.raw_file);
    return quarantineMessage(
      core,
      raw,
      mailbox,
      mail,
      'refused',
      [error.message, error.hint].filter(Boolean).join(' '),
    );
  }
}
