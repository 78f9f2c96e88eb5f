import { z } from 'zod';
import { fieldKinds } from '../core/catalog/index.ts';
import type { SlaState } from '../core/sla/index.ts';
import { targetKinds } from '../core/sla/index.ts';
import type { Attachment, AuditEntry, TicketDetail, TicketMessage, TicketSummary } from '../core/tickets/index.ts';
import { channels, levels, priorities, ticketKinds, ticketStatuses } from '../core/tickets/index.ts';

/** The API path of a ticket, from which its messages, history and attachments hang. */
export function ticketApiPath(number: number): string {
  return `/api/v1/tickets/${number}`;
}

export const answeredFieldResource = z
  .object({
    id: z.string(),
    label: z.string().meta({ description: 'The label the field had when the ticket was opened' }),
    kind: z.enum(fieldKinds),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
    display: z.string().meta({ description: 'The answer as people read it ("Yes", "Laptop, Monitor")' }),
  })
  .meta({ id: 'TicketField' });

export const ticketSlaResource = z
  .object({
    policy: z.string().meta({ description: 'The SLA policy that applies' }),
    paused: z.boolean().meta({ description: 'A clock stands (pending; or resolved/closed with a target unmet)' }),
    targets: z.array(
      z.object({
        kind: z.enum(targetKinds as ['first_response', 'next_reply', 'resolution']),
        due: z.iso.datetime().meta({ description: 'While paused: the deadline if the pause ended now' }),
        met: z.boolean(),
        atRisk: z.boolean(),
        breached: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'TicketSla' });

/** A ticket's SLA as the API shows it (agents and admins); null without a policy. */
export function slaToJson(state: SlaState | undefined): z.infer<typeof ticketSlaResource> | null {
  if (!state) return null;
  return {
    policy: state.policyName,
    paused: state.paused,
    targets: state.targets.map((target) => ({
      kind: target.kind,
      due: target.due.toISOString(),
      met: target.met,
      atRisk: target.atRisk,
      breached: target.breached,
    })),
  };
}

export const ticketResource = z
  .object({
    id: z.string(),
    number: z.number().int(),
    reference: z.string().meta({ description: 'How people refer to the ticket, e.g. PT-1042' }),
    kind: z.enum(ticketKinds),
    requestTypeId: z.string().nullable(),
    requestTypeName: z.string().nullable(),
    subject: z.string(),
    description: z.string(),
    fields: z.array(answeredFieldResource),
    status: z.enum(ticketStatuses),
    priority: z.enum(priorities),
    impact: z.enum(levels).nullable(),
    urgency: z.enum(levels).nullable(),
    requesterId: z.string(),
    requesterName: z.string(),
    organisationId: z.string().nullable(),
    groupId: z.string().nullable(),
    groupName: z.string().nullable(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    channel: z.enum(channels),
    tags: z.array(z.string()),
    rootCause: z.string().nullable().meta({ description: 'Problems only' }),
    workaround: z.string().nullable().meta({ description: 'Problems only' }),
    replyCount: z.number().int(),
    firstRespondedAt: z.iso.datetime().nullable(),
    lastCustomerReplyAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    url: z.string().meta({ description: 'This resource in the API, e.g. /api/v1/tickets/1042' }),
    sla: ticketSlaResource
      .nullable()
      .optional()
      .meta({ description: 'On GET: the service level; null without a policy, and always null for customers' }),
  })
  .meta({ id: 'Ticket' });

export const linkedTicketResource = z
  .object({
    id: z.string(),
    number: z.number().int(),
    reference: z.string(),
    kind: z.enum(ticketKinds),
    subject: z.string(),
    status: z.enum(ticketStatuses),
    priority: z.enum(priorities),
    url: z.string(),
  })
  .meta({ id: 'LinkedTicket' });

export const ticketMessageResource = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    author: z
      .object({
        id: z.string(),
        name: z.string().nullable(),
        role: z.enum(['customer', 'agent', 'admin']).nullable(),
      })
      .nullable()
      .meta({ description: 'null for messages written by Portico itself' }),
    body: z.string(),
    internal: z.boolean().meta({ description: 'An internal note; only agents and admins ever see these' }),
    channel: z.string(),
    timeSpentMinutes: z.number().int().optional().meta({ description: 'Agents and admins only' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TicketMessage' });

export const ticketAttachmentResource = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    messageId: z.string().nullable().meta({ description: 'null for files attached when the ticket was opened' }),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    internal: z.boolean(),
    createdAt: z.iso.datetime(),
    url: z.string().meta({ description: 'Where to download it, e.g. /api/v1/tickets/1042/attachments/<id>' }),
  })
  .meta({ id: 'TicketAttachment' });

export const personResource = z
  .object({ id: z.string(), name: z.string(), email: z.string() })
  .meta({ id: 'PersonRef' });

export const ticketDetailResource = z.object({
  ticket: ticketResource,
  requester: personResource.extend({ organisationName: z.string().nullable() }),
  messages: z.array(ticketMessageResource),
  attachments: z.array(ticketAttachmentResource),
  watchers: z.array(personResource).optional().meta({ description: 'Agents and admins only' }),
  links: z.object({
    parent: linkedTicketResource.nullable(),
    children: z.array(linkedTicketResource),
    problem: linkedTicketResource.nullable(),
    incidents: z.array(linkedTicketResource),
    related: z.array(linkedTicketResource),
    mergedInto: linkedTicketResource.nullable(),
  }),
});

export const ticketHistoryEntryResource = z
  .object({
    id: z.string(),
    actorName: z.string().nullable(),
    field: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'TicketHistoryEntry' });

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function ticketToJson(
  ticket: TicketSummary,
  sla?: z.infer<typeof ticketSlaResource> | null,
): z.infer<typeof ticketResource> {
  return {
    id: ticket.id,
    number: ticket.number,
    reference: ticket.reference,
    kind: ticket.kind,
    requestTypeId: ticket.requestTypeId,
    requestTypeName: ticket.requestTypeName,
    subject: ticket.subject,
    description: ticket.description,
    fields: ticket.fields.map((field) => ({
      id: field.id,
      label: field.label,
      kind: field.kind,
      value: field.value,
      display: field.display,
    })),
    status: ticket.status,
    priority: ticket.priority,
    impact: (ticket.impact as z.infer<typeof ticketResource>['impact']) ?? null,
    urgency: (ticket.urgency as z.infer<typeof ticketResource>['urgency']) ?? null,
    requesterId: ticket.requesterId,
    requesterName: ticket.requesterName,
    organisationId: ticket.organisationId,
    groupId: ticket.groupId,
    groupName: ticket.groupName,
    assigneeId: ticket.assigneeId,
    assigneeName: ticket.assigneeName,
    channel: ticket.channel,
    tags: ticket.tags,
    rootCause: ticket.rootCause,
    workaround: ticket.workaround,
    replyCount: ticket.replyCount,
    firstRespondedAt: iso(ticket.firstRespondedAt),
    lastCustomerReplyAt: iso(ticket.lastCustomerReplyAt),
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    url: ticketApiPath(ticket.number),
    ...(sla !== undefined && { sla }),
  };
}

export function linkedTicketToJson(ticket: TicketSummary): z.infer<typeof linkedTicketResource> {
  return {
    id: ticket.id,
    number: ticket.number,
    reference: ticket.reference,
    kind: ticket.kind,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    url: ticketApiPath(ticket.number),
  };
}

/** A message as the API shows it; time spent only to agents and admins. */
export function ticketMessageToJson(
  message: TicketMessage,
  options: { staff: boolean },
): z.infer<typeof ticketMessageResource> {
  return {
    id: message.id,
    ticketId: message.ticketId,
    author: message.authorId ? { id: message.authorId, name: message.authorName, role: message.authorRole } : null,
    body: message.body,
    internal: message.internal,
    channel: message.channel,
    ...(options.staff && { timeSpentMinutes: message.timeSpentMinutes }),
    createdAt: message.createdAt.toISOString(),
  };
}

export function ticketAttachmentToJson(
  attachment: Attachment,
  number: number,
): z.infer<typeof ticketAttachmentResource> {
  return {
    id: attachment.id,
    ticketId: attachment.ticketId,
    messageId: attachment.messageId,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    size: attachment.size,
    internal: attachment.internal,
    createdAt: attachment.createdAt.toISOString(),
    url: `${ticketApiPath(number)}/attachments/${encodeURIComponent(attachment.id)}`,
  };
}

/**
 * A ticket with its conversation and links, as far as the core lets the caller see it; watchers only to
 * agents and admins (the core already leaves internal notes and their files out for customers).
 */
export function ticketDetailToJson(
  detail: TicketDetail,
  options: { staff: boolean; sla?: z.infer<typeof ticketSlaResource> | null },
): z.infer<typeof ticketDetailResource> {
  const number = detail.ticket.number;
  return {
    ticket: ticketToJson(detail.ticket, options.sla),
    requester: { ...detail.requester },
    messages: detail.messages.map((message) => ticketMessageToJson(message, options)),
    attachments: detail.attachments.map((attachment) => ticketAttachmentToJson(attachment, number)),
    ...(options.staff && { watchers: detail.watchers.map(({ id, name, email }) => ({ id, name, email })) }),
    links: {
      parent: detail.parent && linkedTicketToJson(detail.parent),
      children: detail.children.map(linkedTicketToJson),
      problem: detail.problem && linkedTicketToJson(detail.problem),
      incidents: detail.incidents.map(linkedTicketToJson),
      related: detail.related.map(linkedTicketToJson),
      mergedInto: detail.mergedInto && linkedTicketToJson(detail.mergedInto),
    },
  };
}

export function ticketHistoryEntryToJson(entry: AuditEntry): z.infer<typeof ticketHistoryEntryResource> {
  return {
    id: entry.id,
    actorName: entry.actorName,
    field: entry.field,
    from: entry.from,
    to: entry.to,
    at: entry.at.toISOString(),
  };
}
