/**
 * Mail: the outbound transport, and the email channel — mailboxes read over IMAP (or fed by
 * `portico mail ingest`) whose mail becomes tickets and replies, with loops, bounces and junk kept out.
 * @example
 * await createMailer(config).send({ to: 'ana@example.org', subject: 'Hello', text: 'Hi Ana' });
 * await pollMailboxes(core); // every 30 s in the server
 */
export { createMailer } from './mailer.ts';
export type { Mailer, OutgoingMail } from './mailer.ts';
export type { MailOutcome } from './mail.table.ts';

/**
 * Mailboxes, managed by admins at /admin/channels; the password is sealed and never given back.
 * @example
 * const mailbox = await createMailbox(core, admin, {
 *   name: 'Support', address: 'support@example.org', imapHost: 'imap.example.org', imapPort: 993,
 *   imapTls: true, username: 'support', password: 'secret', requestTypeId: type.id,
 * });
 * await testMailboxConnection(core, admin, mailbox.id); // { ok: true, messages: 3, unseen: 1 }
 */
export {
  createMailbox,
  deleteMailbox,
  getMailbox,
  listMailboxes,
  mailboxInputSchema,
  testMailboxConnection,
  updateMailbox,
} from './mailboxes.ts';
export type { Mailbox, MailboxInput } from './mailboxes.ts';

/**
 * One raw message in: a ticket, a reply, or a record of why not (see IngestResult.outcome).
 * @example
 * const { outcome, ticketNumber } = await ingestMessage(core, fs.readFileSync('message.eml'));
 */
export { findMailboxByAddress, ingestMessage, senderHourlyLimit, ticketSubject } from './ingest.ts';
export type { IngestHooks, IngestOptions, IngestResult } from './ingest.ts';
export { maxMessageBytes, parseMail } from './parse.ts';
export type { InboundMail } from './parse.ts';

/**
 * Polls every active IMAP mailbox once; overlapping calls share one run. Wire it to a 30 s timer.
 * @example
 * setInterval(() => void pollMailboxes(core), 30_000);
 */
export { pollMailbox, pollMailboxes } from './poll.ts';
export type { PollOptions, PollSummary } from './poll.ts';

/**
 * The quarantine (admins: list, download, release, delete) and the originals behind tickets (staff).
 * @example
 * for (const item of await listQuarantine(core, admin)) await releaseQuarantined(core, admin, item.id);
 */
export {
  deleteQuarantined,
  listQuarantine,
  listTicketMail,
  openOriginalMail,
  openQuarantined,
  releaseQuarantined,
} from './quarantine.ts';
export type { MailFile, QuarantinedMail, TicketMail } from './quarantine.ts';
export type { QuarantineReason } from './quarantine-store.ts';

/**
 * Threading of outbound mail about tickets: Message-ID, In-Reply-To, References and Reply-To.
 * @example
 * const headers = await threadHeaders(core, ticket.id, ticket.number, { replyTo: true });
 * await recordOutbound(core, { messageId: headers.messageId, ticketId: ticket.id, to, subject });
 */
export { looksOurs, recordOutbound, replyAddressFor, threadHeaders } from './thread.ts';
export type { ThreadHeaders } from './thread.ts';
export { htmlToSafeText, trimQuoted } from './text.ts';
export { classifyAutomatic } from './classify.ts';
