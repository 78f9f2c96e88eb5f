import { answerNamePrefix } from '../core/catalog/index.ts';
import type { FileStream } from '../core/files/index.ts';
import type { Attachment, Upload } from '../core/tickets/index.ts';

async function toUpload(file: File): Promise<Upload> {
  return { name: file.name, data: new Uint8Array(await file.arrayBuffer()) };
}

function isChosenFile(entry: FormDataEntryValue): entry is File {
  // Browsers send an empty, nameless part for a file input left empty.
  return typeof entry !== 'string' && (entry.size > 0 || entry.name !== '');
}

/** The files posted under one field name (e.g. `attachments`). */
export async function uploadsFrom(data: FormData, name: string): Promise<Upload[]> {
  return Promise.all(data.getAll(name).filter(isChosenFile).map(toUpload));
}

/** The files of a request form's file fields (`fields.<id>`), by field id. */
export async function fieldUploadsFrom(data: FormData): Promise<Record<string, Upload[]>> {
  const byField: Record<string, Upload[]> = {};
  for (const [name, entry] of data) {
    if (!name.startsWith(answerNamePrefix) || !isChosenFile(entry)) continue;
    const id = name.slice(answerNamePrefix.length);
    (byField[id] ??= []).push(await toUpload(entry));
  }
  return byField;
}

/**
 * Serves a stored attachment as a download only: never rendered by the browser (attachment
 * disposition, nosniff, a sandboxing CSP), whatever its type. Streamed from the file store as it
 * arrives; a plain 404 when the file itself is gone.
 */
export async function attachmentResponse(
  file: Attachment & { open(): Promise<FileStream | undefined> },
): Promise<Response> {
  const content = await file.open();
  if (!content) {
    return new Response('Not found\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(content.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
}
