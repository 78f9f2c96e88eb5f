/**
 * Tickets: the service desk's work items, their conversation, links, history and queues.
 * @example
 * const ticket = await createTicket(core, customer, { requestTypeId, subject: 'VPN drops', description: '…' });
 * await replyToTicket(core, agent, ticket.number, { body: 'On it.' });
 */
export type { Channel, TicketStatus } from './ticket.table.ts';
export {
  channels,
  isOpenStatus,
  levels,
  openStatuses,
  parseTicketReference,
  priorities,
  priorityFromMatrix,
  ticketKinds,
  ticketReference,
  ticketStatuses,
} from './ticket.ts';
export type { Level, Ticket } from './ticket.ts';
export {
  channelSchema,
  kindSchema,
  levelSchema,
  newTicketSchema,
  prioritySchema,
  replySchema,
  statusSchema,
  ticketPatchSchema,
} from './schemas.ts';
export type { NewTicket, ReplyInput, TicketPatch } from './schemas.ts';
export { assertTransition, reopenWindowDays, withinReopenWindow } from './workflow.ts';
export { createTicket } from './create.ts';
export { pruneIdempotencyKeys } from './idempotency.ts';
export type { TicketFiles } from './create.ts';
export { replyToTicket } from './messages.ts';
export type { TicketMessage } from './messages.ts';
export { bulkUpdateTickets, updateTicket } from './update.ts';
export type { BulkResult } from './update.ts';
export { linkToProblem, mergeTickets, relateTickets, resolveProblem, setParentTicket } from './links.ts';
export { setWatcher } from './watchers.ts';
export { attachmentLimits, openAttachment } from './attachments.ts';
export type { Attachment, Upload } from './attachments.ts';
export { listTickets, queues, ticketFilterSchema, ticketPageSchema, ticketSorts } from './listing.ts';
export type { Queue, TicketFilter, TicketPage, TicketSummary } from './listing.ts';
export { getTicket, ticketHistory } from './detail.ts';
export type { AuditEntry, PersonRef, TicketDetail } from './detail.ts';
export {
  cannedResponseSchema,
  createCannedResponse,
  deleteCannedResponse,
  fillPlaceholders,
  listCannedResponses,
} from './canned.ts';
export type { CannedResponse, CannedResponseInput, PlaceholderValues } from './canned.ts';
export { deleteSavedView, listSavedViews, saveView } from './saved-views.ts';
export type { SavedView } from './saved-views.ts';
export { notePresence, presenceWindowMs } from './presence.ts';
export type { Presence } from './presence.ts';
export { closeResolvedTickets } from './jobs.ts';
export { createArticleFromTicket } from './article-draft.ts';
export { holdsOf, holdTicket, releaseTicket } from './holds.ts';
export { writeAudit as recordTicketHistory } from './write.ts';
export { importTickets } from './import.ts';
export type { ImportedTicket } from './import.ts';
