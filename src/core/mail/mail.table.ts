/** A mailbox Portico reads: polled over IMAP when it has a host, or fed by `portico mail ingest`. */
export interface MailboxTable {
  id: string;
  name: string;
  /** The mailbox's own address, lower case: replies go here, and mail from it is never processed. */
  address: string;
  imap_host: string | null;
  imap_port: number;
  imap_tls: number;
  username: string | null;
  /** sealSecret() of the password; never shown again. */
  password_sealed: string | null;
  folder: string;
  request_type_id: string;
  group_id: string | null;
  /** 1: unknown senders become customers; 0: they get a polite auto-reply. */
  allow_unknown: number;
  active: number;
  last_polled_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** How an inbound message was handled (outbound rows are always 'sent'). */
export type MailOutcome =
  'processing' | 'ticket' | 'reply' | 'loop' | 'bounce' | 'auto_reply' | 'rejected' | 'quarantined' | 'sent';

/** Every message seen or sent, keyed by its Message-ID: threading, loop and duplicate checks. */
export interface MailMessageTable {
  id: string;
  direction: 'in' | 'out';
  /** Without angle brackets; a hash of the message when it had none. */
  message_id: string;
  mailbox_id: string | null;
  ticket_id: string | null;
  ticket_message_id: string | null;
  from_address: string | null;
  subject: string | null;
  outcome: MailOutcome;
  reason: string | null;
  /** The original .eml under $PORTICO_DATA_DIR/mail/. */
  raw_file: string | null;
  size: number;
  created_at: string;
  updated_at: string;
}

/** A message that could not be processed, kept raw for an admin to release or delete. */
export interface MailQuarantineTable {
  id: string;
  mailbox_id: string | null;
  reason: string;
  detail: string;
  from_address: string | null;
  subject: string | null;
  message_id: string | null;
  raw_file: string;
  size: number;
  created_at: string;
}
