import { ImapFlow } from 'imapflow';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { answerForm, getRequestType } from '../catalog/index.ts';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { openSecret, sealSecret } from '../secrets/index.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin, emailSchema, getGroup } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import type { MailboxTable } from './mail.table.ts';

/** A mailbox as admins see it; the password itself is never given back. */
export interface Mailbox {
  id: string;
  name: string;
  address: string;
  imapHost: string | null;
  imapPort: number;
  imapTls: boolean;
  username: string | null;
  hasPassword: boolean;
  folder: string;
  requestTypeId: string;
  groupId: string | null;
  allowUnknown: boolean;
  active: boolean;
  lastPolledAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const optionalText = z
  .string()
  .trim()
  .max(255, 'Use at most 255 characters.')
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .default(null);

export const mailboxInputSchema = z
  .object({
    name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.'),
    address: emailSchema,
    imapHost: optionalText,
    imapPort: z.coerce
      .number({ error: 'Enter a port number.' })
      .int('Enter a port number.')
      .min(1, 'Enter a port from 1 to 65535.')
      .max(65535, 'Enter a port from 1 to 65535.')
      .default(993),
    imapTls: z.boolean().default(true),
    username: optionalText,
    /** Write-only: empty keeps the stored password. */
    password: z.string().max(500, 'Use at most 500 characters.').default(''),
    folder: z.string().trim().min(1, 'Enter a folder, e.g. INBOX.').max(200).default('INBOX'),
    requestTypeId: z.string({ error: 'Choose a request type.' }).trim().min(1, 'Choose a request type.'),
    groupId: z
      .string()
      .trim()
      .transform((value) => (value === '' ? null : value))
      .nullable()
      .default(null),
    allowUnknown: z.boolean().default(true),
    active: z.boolean().default(true),
  })
  .strict();
export type MailboxInput = z.input<typeof mailboxInputSchema>;

export function rowToMailbox(row: Selectable<MailboxTable>): Mailbox {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    imapHost: row.imap_host,
    imapPort: Number(row.imap_port),
    imapTls: row.imap_tls === 1,
    username: row.username,
    hasPassword: row.password_sealed !== null,
    folder: row.folder,
    requestTypeId: row.request_type_id,
    groupId: row.group_id,
    allowUnknown: row.allow_unknown === 1,
    active: row.active === 1,
    lastPolledAt: row.last_polled_at ? fromStoredTime(row.last_polled_at) : null,
    lastError: row.last_error,
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
  };
}

function invalid(field: string, message: string): PorticoError {
  return new PorticoError('invalid_input', message, { details: { fields: { [field]: message } } });
}

/** Checks the references: the request type must take a ticket from mail alone (no required form field). */
async function checkInput(core: Core, actor: Actor, input: z.infer<typeof mailboxInputSchema>): Promise<void> {
  const type = await getRequestType(core, actor, input.requestTypeId);
  if (!type || !type.active) throw invalid('requestTypeId', 'Choose an active request type.');
  try {
    answerForm(type.form, {});
  } catch {
    throw invalid(
      'requestTypeId',
      'This request type’s form has required fields a mail cannot answer; choose another.',
    );
  }
  if (input.groupId && !(await getGroup(core, actor, input.groupId))) throw invalid('groupId', 'Choose a group.');
  if (input.imapHost && !input.username) throw invalid('username', 'Enter the IMAP user name.');
}

async function assertAddressFree(db: Db, address: string, exceptId: string | null): Promise<void> {
  const taken = await db.selectFrom('mailboxes').select('id').where('address', '=', address).executeTakeFirst();
  if (taken && taken.id !== exceptId) throw invalid('address', 'Another mailbox already has this address.');
}

export async function listMailboxes(core: Core, actor: Actor | null): Promise<Mailbox[]> {
  assertAdmin(actor);
  const rows = await core.db.selectFrom('mailboxes').selectAll().orderBy('name').orderBy('address').execute();
  return rows.map(rowToMailbox);
}

export async function getMailbox(core: Core, actor: Actor | null, id: string): Promise<Mailbox | undefined> {
  assertAdmin(actor);
  const row = await core.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToMailbox(row) : undefined;
}

export async function createMailbox(core: Core, actor: Actor | null, raw: MailboxInput): Promise<Mailbox> {
  assertAdmin(actor);
  const input = parseInput(mailboxInputSchema, raw);
  await checkInput(core, actor, input);
  await assertAddressFree(core.db, input.address, null);
  if (input.imapHost && input.password === '') throw invalid('password', 'Enter the IMAP password.');
  const now = nowStored();
  const row: Selectable<MailboxTable> = {
    id: newId(),
    name: input.name,
    address: input.address,
    imap_host: input.imapHost,
    imap_port: input.imapPort,
    imap_tls: input.imapTls ? 1 : 0,
    username: input.username,
    password_sealed: input.password === '' ? null : sealSecret(core.config, input.password),
    folder: input.folder,
    request_type_id: input.requestTypeId,
    group_id: input.groupId,
    allow_unknown: input.allowUnknown ? 1 : 0,
    active: input.active ? 1 : 0,
    last_polled_at: null,
    last_error: null,
    created_at: now,
    updated_at: now,
  };
  await core.db.insertInto('mailboxes').values(row).execute();
  return rowToMailbox(row);
}

export async function updateMailbox(core: Core, actor: Actor | null, id: string, raw: MailboxInput): Promise<Mailbox> {
  assertAdmin(actor);
  const input = parseInput(mailboxInputSchema, raw);
  const existing = await core.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) throw new PorticoError('not_found', 'No such mailbox.', { hint: 'Pick one from the list.' });
  await checkInput(core, actor, input);
  await assertAddressFree(core.db, input.address, id);
  if (input.imapHost && input.password === '' && existing.password_sealed === null) {
    throw invalid('password', 'Enter the IMAP password.');
  }
  const patch = {
    name: input.name,
    address: input.address,
    imap_host: input.imapHost,
    imap_port: input.imapPort,
    imap_tls: input.imapTls ? 1 : 0,
    username: input.username,
    password_sealed: input.password === '' ? existing.password_sealed : sealSecret(core.config, input.password),
    folder: input.folder,
    request_type_id: input.requestTypeId,
    group_id: input.groupId,
    allow_unknown: input.allowUnknown ? 1 : 0,
    active: input.active ? 1 : 0,
    last_error: null,
    updated_at: nowStored(),
  };
  await core.db.updateTable('mailboxes').set(patch).where('id', '=', id).execute();
  return rowToMailbox({ ...existing, ...patch });
}

/** Deletes a mailbox; the messages it brought in stay (their tickets are untouched). */
export async function deleteMailbox(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  const result = await core.db.deleteFrom('mailboxes').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new PorticoError('not_found', 'No such mailbox.');
}

/** An IMAP client for a mailbox row (not connected yet). */
export function imapClient(core: Core, row: Selectable<MailboxTable>): ImapFlow {
  if (!row.imap_host || !row.username) {
    throw new PorticoError('invalid_input', `Mailbox ${row.address} has no IMAP server.`, {
      hint: 'Enter the IMAP host and user name, or feed it with `portico mail ingest`.',
    });
  }
  const password = row.password_sealed ? openSecret(core.config, row.password_sealed) : null;
  if (password === null) {
    throw new PorticoError('invalid_input', `The password of mailbox ${row.address} cannot be read.`, {
      hint: 'Enter it again: it was stored with another PORTICO_SECRET_KEY.',
    });
  }
  return new ImapFlow({
    host: row.imap_host,
    port: Number(row.imap_port),
    secure: row.imap_tls === 1,
    auth: { user: row.username, pass: password },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
}

/**
 * Connects to the mailbox's IMAP server and opens its folder: `{ ok: true, messages, unseen }` or
 * `{ ok: false, error }` with the server's answer. Changes nothing.
 * @example
 * const result = await testMailboxConnection(core, admin, mailbox.id);
 */
export async function testMailboxConnection(
  core: Core,
  actor: Actor | null,
  id: string,
): Promise<{ ok: true; messages: number; unseen: number } | { ok: false; error: string }> {
  assertAdmin(actor);
  const row = await core.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new PorticoError('not_found', 'No such mailbox.');
  let client: ImapFlow;
  try {
    client = imapClient(core, row);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  client.on('error', () => {});
  try {
    await client.connect();
    const status = await client.status(row.folder, { messages: true, unseen: true });
    if (!status) return { ok: false, error: `The folder "${row.folder}" cannot be opened.` };
    return { ok: true, messages: status.messages ?? 0, unseen: status.unseen ?? 0 };
  } catch (error) {
    const detail = error as { responseText?: string; message?: string };
    return { ok: false, error: detail.responseText ?? detail.message ?? String(error) };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
