import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime, newId, nextPosition, nowStored } from '../db/values.ts';
import { isPorticoError, PorticoError } from '../errors.ts';
import type { FileStream } from '../files/index.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import { assertSignedIn, findVisibleTicket } from './access.ts';
import type { TicketAttachmentTable } from './ticket.table.ts';

/** A file as the edge received it; its name and type are only the uploader's claims. */
export interface Upload {
  name: string;
  data: Uint8Array;
}

export interface StoredUpload {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  storageName: string;
}

export interface Attachment {
  id: string;
  ticketId: string;
  messageId: string | null;
  uploaderId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  internal: boolean;
  createdAt: Date;
}

const mebibyte = 1024 * 1024;

/** What may be attached: the type served is chosen by the extension, never by the uploader. */
export const attachmentLimits = {
  maxBytes: 10 * mebibyte,
  maxFiles: 10,
  contentTypes: {
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    pdf: 'application/pdf',
    txt: 'text/plain',
    log: 'text/plain',
    csv: 'text/csv',
    json: 'application/json',
    eml: 'message/rfc822',
    zip: 'application/zip',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    odt: 'application/vnd.oasis.opendocument.text',
    ods: 'application/vnd.oasis.opendocument.spreadsheet',
  } as Record<string, string>,
};

// Binary formats must start as their extension says, so a renamed file is caught at upload.
const signatures: Record<string, number[][]> = {
  png: [[0x89, 0x50, 0x4e, 0x47]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  gif: [[0x47, 0x49, 0x46, 0x38]],
  webp: [[0x52, 0x49, 0x46, 0x46]],
  pdf: [[0x25, 0x50, 0x44, 0x46]],
  zip: [[0x50, 0x4b]],
  docx: [[0x50, 0x4b]],
  xlsx: [[0x50, 0x4b]],
  pptx: [[0x50, 0x4b]],
  odt: [[0x50, 0x4b]],
  ods: [[0x50, 0x4b]],
};

/** The file of an attachment in the core's file store. */
function attachmentKey(storageName: string): string {
  return `attachments/${storageName}`;
}

/** The name shown and offered for download: no path, no control characters, at most 150 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (cleaned || 'attachment').slice(-150);
}

function checkUpload(upload: Upload): { fileName: string; contentType: string } {
  const fileName = cleanFileName(upload.name);
  const extension = path.extname(fileName).slice(1).toLowerCase();
  const contentType = attachmentLimits.contentTypes[extension];
  const field = { details: { fields: { attachments: '' } } };
  if (!contentType) {
    const message = `"${fileName}" is not a file type we accept.`;
    field.details.fields.attachments = message;
    throw new PorticoError('invalid_input', message, {
      hint: `Attach ${Object.keys(attachmentLimits.contentTypes).join(', ')} files.`,
      ...field,
    });
  }
  if (upload.data.byteLength > attachmentLimits.maxBytes) {
    throw new PorticoError('payload_too_large', `"${fileName}" is larger than 10 MiB.`, {
      hint: 'Compress it or share a link instead.',
    });
  }
  const expected = signatures[extension];
  if (expected && !expected.some((signature) => signature.every((byte, index) => upload.data[index] === byte))) {
    const message = `"${fileName}" is not really a .${extension} file.`;
    field.details.fields.attachments = message;
    throw new PorticoError('invalid_input', message, field);
  }
  return { fileName, contentType };
}

/**
 * Checks and writes uploads to the file store with server-generated names, before the transaction
 * that records them (no file I/O inside a transaction); discard them if it fails.
 */
export async function storeUploads(core: Core, uploads: Upload[]): Promise<StoredUpload[]> {
  const files = uploads.filter((upload) => upload.data.byteLength > 0 || upload.name !== '');
  if (files.length > attachmentLimits.maxFiles) {
    throw new PorticoError('invalid_input', `Attach at most ${attachmentLimits.maxFiles} files at once.`, {
      details: { fields: { attachments: `At most ${attachmentLimits.maxFiles} files.` } },
    });
  }
  const checked = files.map((upload) => ({ upload, ...checkUpload(upload) }));
  const stored: StoredUpload[] = [];
  try {
    for (const { upload, fileName, contentType } of checked) {
      const storageName = encodeBase32LowerCaseNoPadding(randomBytes(20));
      await core.files.put(attachmentKey(storageName), upload.data);
      stored.push({
        fileName,
        contentType,
        size: upload.data.byteLength,
        sha256: createHash('sha256').update(upload.data).digest('hex'),
        storageName,
      });
    }
  } catch (error) {
    await discardUploads(core, stored);
    throw error;
  }
  return stored;
}

export async function discardUploads(core: Core, stored: StoredUpload[]): Promise<void> {
  await Promise.all(stored.map((file) => core.files.remove(attachmentKey(file.storageName))));
}

export async function insertAttachments(
  db: Db,
  target: { ticketId: string; messageId: string | null; uploaderId: string | null; internal: boolean },
  stored: StoredUpload[],
): Promise<string[]> {
  if (stored.length === 0) return [];
  const rows = stored.map((file) => ({
    id: newId(),
    ticket_id: target.ticketId,
    message_id: target.messageId,
    uploader_id: target.uploaderId,
    file_name: file.fileName,
    content_type: file.contentType,
    size: file.size,
    sha256: file.sha256,
    storage_name: file.storageName,
    internal: target.internal ? 1 : 0,
    created_at: nowStored(),
    position: nextPosition(),
  }));
  await db.insertInto('ticket_attachments').values(rows).execute();
  return rows.map((row) => row.id);
}

function rowToAttachment(row: Selectable<TicketAttachmentTable>): Attachment {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    messageId: row.message_id,
    uploaderId: row.uploader_id,
    fileName: row.file_name,
    contentType: row.content_type,
    size: Number(row.size),
    internal: row.internal === 1,
    createdAt: fromStoredTime(row.created_at),
  };
}

export async function listAttachments(db: Db, ticketId: string, includeInternal: boolean): Promise<Attachment[]> {
  let query = db.selectFrom('ticket_attachments').selectAll().where('ticket_id', '=', ticketId);
  if (!includeInternal) query = query.where('internal', '=', 0);
  const rows = await query.orderBy('created_at').orderBy('position').execute();
  return rows.map(rowToAttachment);
}

/** An attachment the caller may download, and how to read its bytes. */
export interface AttachmentFile extends Attachment {
  /** Streams the stored file; undefined when it is gone (a backup restored without its files). */
  open(): Promise<FileStream | undefined>;
}

/**
 * An attachment of a ticket the caller may see, with a way to read its file; attachments of internal
 * notes only for staff. Anything else is not found.
 * @example
 * const file = await openAttachment(core, user, 1042, attachmentId);
 * const content = await file?.open(); // { body: ReadableStream, size }
 */
export async function openAttachment(
  core: Core,
  actor: Actor | null,
  number: number,
  attachmentId: string,
): Promise<AttachmentFile | undefined> {
  assertSignedIn(actor);
  const ticket = await findVisibleTicket(core, actor, number);
  if (!ticket) return undefined;
  let query = core.db
    .selectFrom('ticket_attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('ticket_id', '=', ticket.id);
  if (!isStaff(actor)) query = query.where('internal', '=', 0);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const key = attachmentKey(row.storage_name);
  const open = () =>
    core.files.stream(key).catch((error: unknown) => {
      if (isPorticoError(error) && error.code === 'not_found') return undefined;
      throw error;
    });
  return { ...rowToAttachment(row), open };
}
