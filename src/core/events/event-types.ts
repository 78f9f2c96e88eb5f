import type { Priority, TicketKind } from '../catalog/catalog.table.ts';
import type { Channel, TicketStatus } from '../tickets/ticket.table.ts';

interface TicketRef {
  ticketId: string;
  /** The ticket's number (PT-<number>). */
  number: number;
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

/** Every event Portico emits, by type, with its payload. Payloads never carry a note's text. */
export interface EventPayloads {
  'ticket.created': TicketRef & {
    kind: TicketKind;
    requesterId: string;
    groupId: string | null;
    assigneeId: string | null;
    priority: Priority;
    channel: Channel;
  };
  'ticket.updated': TicketRef & { changes: FieldChange[] };
  'ticket.replied': TicketRef & {
    messageId: string;
    authorId: string | null;
    /** true for an internal note: handlers that reach customers must skip these. */
    internal: boolean;
    fromCustomer: boolean;
  };
  'ticket.assigned': TicketRef & {
    assigneeId: string | null;
    previousAssigneeId: string | null;
    groupId: string | null;
  };
  'ticket.resolved': TicketRef & { status: TicketStatus };
  'ticket.closed': TicketRef & { mergedIntoNumber: number | null };
  'ticket.reopened': TicketRef & { reason: 'customer_reply' | 'agent' };
  /** An SLA target used its at-risk share (default 75 %) without being met; once per target and ticket. */
  'sla.at_risk': TicketRef & { target: 'first_response' | 'next_reply' | 'resolution'; due: string };
  /** An SLA target's deadline passed without being met; once per target and ticket. */
  'sla.breached': TicketRef & { target: 'first_response' | 'next_reply' | 'resolution'; due: string };
}

export type EventType = keyof EventPayloads;

export const eventTypes = [
  'ticket.created',
  'ticket.updated',
  'ticket.replied',
  'ticket.assigned',
  'ticket.resolved',
  'ticket.closed',
  'ticket.reopened',
  'sla.at_risk',
  'sla.breached',
] as const satisfies readonly EventType[];

/**
 * The events after which a ticket's derived state (SLA clocks, escalation moments) must be recomputed.
 * ticket.resolved, .closed and .reopened are left out: a status change always emits ticket.updated too,
 * so listening to them as well recomputed the same ticket twice.
 */
export const ticketStateEvents = [
  'ticket.created',
  'ticket.updated',
  'ticket.replied',
] as const satisfies readonly EventType[];

/** An event as handlers receive it, after the transaction that wrote it committed. */
export interface DeliveredEvent<Type extends EventType = EventType> {
  id: string;
  type: Type;
  subjectId: string;
  actorId: string | null;
  payload: EventPayloads[Type];
  createdAt: Date;
}

export interface PendingEvent<Type extends EventType = EventType> {
  type: Type;
  subjectId: string;
  payload: EventPayloads[Type];
}

/** The tickets a batch of ticket events is about, each once, in the order they first appear. */
export function ticketsOf(events: readonly DeliveredEvent[]): string[] {
  return [...new Set(events.map((event) => (event.payload as TicketRef).ticketId))];
}
