/**
 * Events: every change worth reacting to is written to an outbox in the transaction that makes it, and
 * delivered to handlers after commit — the seam for SLAs, mail, search and plugins.
 * @example
 * core.events.on('ticket.resolved', async (event) => notifyRequester(event.payload.ticketId));
 */
export { createEventBus } from './bus.ts';
export type { BatchHandler, EventBus, EventHandler } from './bus.ts';
export { eventTypes, ticketStateEvents, ticketsOf } from './event-types.ts';
export type { DeliveredEvent, EventPayloads, EventType, FieldChange, PendingEvent } from './event-types.ts';
export { pruneDeliveredEvents, recordEvents } from './outbox.ts';
