import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { newId } from '../db/values.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** `<id@host>`: set for mail about a ticket, so answers thread back to it. */
  messageId?: string | undefined;
  /** The Message-ID this mail answers. */
  inReplyTo?: string | undefined;
  /** The thread's earlier Message-IDs, oldest first. */
  references?: string[] | undefined;
  /** Where answers go: the mailbox the ticket came in through. */
  replyTo?: string | undefined;
  /** RFC 3834: 'auto-generated' for notifications, 'auto-replied' for automatic answers to mail. */
  autoSubmitted?: 'auto-generated' | 'auto-replied' | undefined;
}

/** The nodemailer message for an outgoing mail: only the fields that are set. */
function toMessage(from: string, mail: OutgoingMail) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.messageId && { messageId: mail.messageId }),
    ...(mail.inReplyTo && { inReplyTo: mail.inReplyTo }),
    ...(mail.references && mail.references.length > 0 && { references: mail.references }),
    ...(mail.replyTo && { replyTo: mail.replyTo }),
    ...(mail.autoSubmitted && { headers: { 'Auto-Submitted': mail.autoSubmitted } }),
  };
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** Writes each message as an .eml file; written to a temporary name first so readers never see half a message. */
function createOutboxMailer(outbox: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail(toMessage(from, mail));
      await fs.mkdir(outbox, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId()}.eml`;
      const temporary = path.join(outbox, `.${name}.tmp`);
      await fs.writeFile(temporary, info.message as Buffer);
      await fs.rename(temporary, path.join(outbox, name));
    },
  };
}

function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail(toMessage(from, mail));
    },
  };
}

/**
 * The outbound mail transport: SMTP when `SMTP_URL` is set, else `.eml` files in `$PORTICO_DATA_DIR/outbox`.
 * @example
 * await createMailer(config).send({ to: 'ana@example.org', subject: 'Hello', text: 'Hi Ana' });
 */
export function createMailer(config: Config): Mailer {
  return config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, config.mailFrom)
    : createOutboxMailer(path.join(config.dataDir, 'outbox'), config.mailFrom);
}
