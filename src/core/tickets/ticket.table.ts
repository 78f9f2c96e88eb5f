import type { Priority, TicketKind } from '../catalog/catalog.table.ts';

export type TicketStatus = 'new' | 'open' | 'pending' | 'resolved' | 'closed';
export type Channel = 'portal' | 'email' | 'phone' | 'api';

export interface CounterTable {
  name: string;
  value: number;
}

export interface TicketTable {
  id: string;
  /** Shown as PT-<number>. */
  number: number;
  kind: TicketKind;
  request_type_id: string | null;
  /** The request type's name when the ticket was made, kept if the type is renamed or deleted. */
  request_type_name: string | null;
  subject: string;
  description: string;
  /** JSON: the answered form fields with the labels they had (TicketField[]). */
  fields: string;
  status: TicketStatus;
  /** 1 while status is new, open or pending: the queues' indexes lead with it. */
  is_open: number;
  priority: Priority;
  impact: string | null;
  urgency: string | null;
  requester_id: string;
  organisation_id: string | null;
  group_id: string | null;
  assignee_id: string | null;
  created_by_id: string | null;
  channel: Channel;
  parent_id: string | null;
  problem_id: string | null;
  merged_into_id: string | null;
  root_cause: string | null;
  workaround: string | null;
  reply_count: number;
  first_responded_at: string | null;
  last_customer_reply_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketMessageTable {
  id: string;
  ticket_id: string;
  author_id: string | null;
  body: string;
  /** 1 for an internal note: never shown to customers. */
  internal: number;
  channel: Channel | 'system';
  time_spent_minutes: number;
  created_at: string;
  /** Orders rows written in the same millisecond (see nextPosition). */
  position: number;
}

export interface TicketAttachmentTable {
  id: string;
  ticket_id: string;
  message_id: string | null;
  uploader_id: string | null;
  /** The name the uploader gave, for display and the download's Content-Disposition only. */
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  /** The server-generated file name under $PORTICO_DATA_DIR/attachments. */
  storage_name: string;
  /** 1 when attached to an internal note. */
  internal: number;
  created_at: string;
  position: number;
}

/** A reason a ticket stays pending whatever the customer writes (see holds.ts). */
export interface TicketHoldTable {
  ticket_id: string;
  reason: string;
  created_at: string;
}

export interface TicketWatcherTable {
  ticket_id: string;
  user_id: string;
}

export interface TicketTagTable {
  ticket_id: string;
  tag: string;
}

/** "Related" links; stored once per direction so either ticket lists the other. */
export interface TicketRelationTable {
  ticket_id: string;
  related_id: string;
  created_at: string;
}

export interface TicketAuditTable {
  id: string;
  ticket_id: string;
  actor_id: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  created_at: string;
  position: number;
}

export interface TicketPresenceTable {
  ticket_id: string;
  user_id: string;
  activity: 'viewing' | 'replying';
  seen_at: string;
}

export interface SavedViewTable {
  id: string;
  owner_id: string;
  name: string;
  /** JSON: a TicketFilter. */
  filters: string;
  created_at: string;
}

export interface CannedResponseTable {
  id: string;
  /** null: shared by every agent. */
  owner_id: string | null;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

/** What a request sent with an idempotency key made, so a repeat of it returns the same thing. */
export interface IdempotencyKeyTable {
  /** Whose key, for what: `ticket:<user id>`. */
  scope: string;
  key: string;
  resource_id: string;
  created_at: string;
}
