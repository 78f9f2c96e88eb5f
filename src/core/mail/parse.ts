import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import { attachmentLimits } from '../tickets/index.ts';
import type { Upload } from '../tickets/index.ts';
import { htmlToSafeText, trimQuoted } from './text.ts';

/** What ingest needs from a message, parsed and made safe. */
export interface InboundMail {
  /** Without angle brackets; a hash of the message when it carries none. */
  messageId: string;
  hasMessageId: boolean;
  from: { address: string; name: string } | null;
  to: string[];
  subject: string;
  /** The new text: HTML converted to safe text, quoted history and signature removed. */
  body: string;
  /** In-Reply-To first, then References newest first, without angle brackets. */
  thread: string[];
  attachments: Upload[];
  /** Attachments that could not become ticket attachments (type not accepted, too large), by name. */
  skipped: string[];
  /** Header name (lower case) → values, as written. */
  headers: Map<string, string[]>;
  contentType: string;
}

/** The largest message Portico processes; larger ones are quarantined. */
export const maxMessageBytes = 25 * 1024 * 1024;

export function stripAngles(id: string): string {
  return id.trim().replace(/^<|>$/g, '').trim();
}

function idsIn(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = text.match(/<[^<>\s]+>/g);
  return (bracketed ?? text.split(/\s+/)).map(stripAngles).filter((id) => id.length > 0);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((item) => item.value.map((entry) => (entry.address ?? '').toLowerCase())).filter(Boolean);
}

const extensionsByType: Record<string, string> = Object.fromEntries(
  Object.entries(attachmentLimits.contentTypes).map(([extension, type]) => [type, extension]),
);

/** A file name for an attachment: its own, or one made from its type ("image-1.png"). */
function fileName(name: string | undefined, contentType: string, index: number): string {
  if (name && name.trim() !== '') return name.trim();
  const extension = extensionsByType[contentType.toLowerCase()] ?? 'bin';
  return `${contentType.startsWith('image/') ? 'image' : 'attachment'}-${index + 1}.${extension}`;
}

function acceptable(name: string, size: number): boolean {
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  return attachmentLimits.contentTypes[extension] !== undefined && size <= attachmentLimits.maxBytes;
}

function headerMap(parsed: ParsedMail): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    map.set(key.toLowerCase(), [...(map.get(key.toLowerCase()) ?? []), value]);
  }
  return map;
}

/**
 * Parses a raw message. Throws when it is not a message at all (the caller quarantines it).
 * @example
 * const mail = await parseMail(fs.readFileSync('message.eml'));
 */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const headers = headerMap(parsed);
  if (headers.size === 0) throw new Error('no headers');
  const sender = parsed.from?.value.find((entry) => entry.address);
  const attachments: Upload[] = [];
  const skipped: string[] = [];
  const inlineNames = new Map<string, string>();
  parsed.attachments.forEach((attachment, index) => {
    const name = fileName(attachment.filename, attachment.contentType, index);
    if (attachment.cid) inlineNames.set(stripAngles(attachment.cid).toLowerCase(), name);
    if (attachments.length < attachmentLimits.maxFiles && acceptable(name, attachment.size)) {
      attachments.push({ name, data: new Uint8Array(attachment.content) });
    } else skipped.push(name);
  });
  // mailparser makes `text` from the HTML when there is no plain part; convert it ourselves instead, safely.
  const hasPlainPart = /^content-type:\s*text\/plain/im.test(raw.toString('latin1')) || !parsed.html;
  let text = hasPlainPart && typeof parsed.text === 'string' ? parsed.text : '';
  if (!text.trim() && parsed.html) text = htmlToSafeText(parsed.html, inlineNames);
  // Plain text parts name inline images as "[cid:…]"; say which attachment they are.
  text = text.replace(/\[cid:([^\]\s]+)\]/gi, (whole, cid: string) => {
    const name = inlineNames.get(cid.toLowerCase());
    return name ? `[image: ${name}]` : whole;
  });
  let body = trimQuoted(text);
  for (const name of inlineNames.values()) {
    if (!body.includes(`[image: ${name}]`)) body += `\n\n[image: ${name}]`;
  }
  const messageId = parsed.messageId ? stripAngles(parsed.messageId) : '';
  return {
    messageId: messageId || `sha256-${createHash('sha256').update(raw).digest('hex')}@portico.invalid`,
    hasMessageId: messageId !== '',
    from: sender ? { address: sender.address!.toLowerCase(), name: sender.name?.trim() ?? '' } : null,
    to: [...addresses(parsed.to), ...addresses(parsed.cc), ...idsIn(headers.get('delivered-to'))],
    subject: (parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    body: body.trim(),
    thread: [...idsIn(parsed.inReplyTo), ...idsIn(parsed.references).reverse()],
    attachments,
    skipped,
    headers,
    contentType: (headers.get('content-type')?.[0] ?? 'text/plain').toLowerCase(),
  };
}
