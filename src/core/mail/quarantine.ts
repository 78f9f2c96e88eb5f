import type { Core } from '../context.ts';
import { fromStoredTime } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { FileStream } from '../files/index.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin, assertStaff } from '../users/index.ts';
import { ingestMessage } from './ingest.ts';
import type { IngestResult } from './ingest.ts';
import type { QuarantineReason } from './quarantine-store.ts';
import { readRaw, removeRaw, streamRaw } from './raw-store.ts';

/** A kept original offered for download: its file name, and how to read it (undefined when gone). */
export interface MailFile {
  fileName: string;
  open(): Promise<FileStream | undefined>;
}

/** A quarantined message as admins see it. */
export interface QuarantinedMail {
  id: string;
  mailboxId: string | null;
  mailboxAddress: string | null;
  reason: QuarantineReason;
  detail: string;
  from: string | null;
  subject: string | null;
  size: number;
  createdAt: Date;
}

export async function listQuarantine(core: Core, actor: Actor | null): Promise<QuarantinedMail[]> {
  assertAdmin(actor);
  const rows = await core.db
    .selectFrom('mail_quarantine')
    .leftJoin('mailboxes', 'mailboxes.id', 'mail_quarantine.mailbox_id')
    .selectAll('mail_quarantine')
    .select('mailboxes.address as mailbox_address')
    .orderBy('mail_quarantine.created_at', 'desc')
    .orderBy('mail_quarantine.id')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    mailboxId: row.mailbox_id,
    mailboxAddress: row.mailbox_address,
    reason: row.reason as QuarantineReason,
    detail: row.detail,
    from: row.from_address,
    subject: row.subject,
    size: Number(row.size),
    createdAt: fromStoredTime(row.created_at),
  }));
}

async function quarantined(core: Core, id: string) {
  const row = await core.db.selectFrom('mail_quarantine').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row)
    throw new PorticoError('not_found', 'No such quarantined message.', {
      hint: 'It may have been released or deleted.',
    });
  return row;
}

/** The stored file of a quarantined message, to download. */
export async function openQuarantined(core: Core, actor: Actor | null, id: string): Promise<MailFile | undefined> {
  assertAdmin(actor);
  const row = await core.db.selectFrom('mail_quarantine').select(['raw_file']).where('id', '=', id).executeTakeFirst();
  const name = row?.raw_file;
  return name ? { fileName: `quarantined-${id}.eml`, open: () => streamRaw(core, name) } : undefined;
}

/**
 * Processes a quarantined message anyway (no size check, no rate limit); on success it leaves the
 * quarantine. A message that cannot be processed (no sender, not mail) stays, and the error says why.
 * @example
 * const result = await releaseQuarantined(core, admin, id); // { outcome: 'ticket', ticketNumber: 1043 }
 */
export async function releaseQuarantined(core: Core, actor: Actor | null, id: string): Promise<IngestResult> {
  assertAdmin(actor);
  const row = await quarantined(core, id);
  const mailbox = row.mailbox_id
    ? await core.db.selectFrom('mailboxes').selectAll().where('id', '=', row.mailbox_id).executeTakeFirst()
    : undefined;
  const raw = await readRaw(core, row.raw_file);
  const result = await ingestMessage(core, raw, { released: true, ...(mailbox && { mailbox }) });
  if (result.outcome === 'quarantined') {
    // Quarantined again: keep only the older entry.
    const again = result.quarantineId!;
    const copy = await core.db
      .selectFrom('mail_quarantine')
      .select('raw_file')
      .where('id', '=', again)
      .executeTakeFirst();
    await core.db.deleteFrom('mail_quarantine').where('id', '=', again).execute();
    if (copy) await removeRaw(core, copy.raw_file);
    throw new PorticoError(
      'conflict',
      `This message still cannot be processed: ${result.reason ?? 'unknown reason'}.`,
      {
        hint: 'Download it to look at it, or delete it.',
      },
    );
  }
  await core.db.deleteFrom('mail_quarantine').where('id', '=', id).execute();
  await removeRaw(core, row.raw_file);
  return result;
}

/** Deletes a quarantined message and its stored file. */
export async function deleteQuarantined(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  const row = await quarantined(core, id);
  await core.db.deleteFrom('mail_quarantine').where('id', '=', id).execute();
  await removeRaw(core, row.raw_file);
}

/** A message as it arrived, for staff: the original .eml behind a ticket or reply. */
export interface TicketMail {
  id: string;
  ticketId: string | null;
  from: string | null;
  subject: string | null;
  outcome: string;
  createdAt: Date;
}

/**
 * The mail Portico received about a ticket, newest last (staff only), to offer the originals for download.
 * @example
 * const mails = await listTicketMail(core, agent, ticket.id);
 */
export async function listTicketMail(core: Core, actor: Actor | null, ticketId: string): Promise<TicketMail[]> {
  assertStaff(actor);
  const rows = await core.db
    .selectFrom('mail_messages')
    .select(['id', 'ticket_id', 'from_address', 'subject', 'outcome', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .where('direction', '=', 'in')
    .where('raw_file', 'is not', null)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticket_id,
    from: row.from_address,
    subject: row.subject,
    outcome: row.outcome,
    createdAt: fromStoredTime(row.created_at),
  }));
}

/** The original .eml of a received message (staff only); undefined when there is none. */
export async function openOriginalMail(core: Core, actor: Actor | null, id: string): Promise<MailFile | undefined> {
  assertStaff(actor);
  const row = await core.db
    .selectFrom('mail_messages')
    .select(['raw_file'])
    .where('id', '=', id)
    .where('direction', '=', 'in')
    .executeTakeFirst();
  const name = row?.raw_file;
  return name ? { fileName: `message-${id}.eml`, open: () => streamRaw(core, name) } : undefined;
}
