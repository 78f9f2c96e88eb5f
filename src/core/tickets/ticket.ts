import type { Selectable } from 'kysely';
import type { AnsweredField } from '../catalog/request-type.ts';
import type { Priority, TicketKind } from '../catalog/catalog.table.ts';
import { fromStoredTime } from '../db/values.ts';
import type { Channel, TicketStatus, TicketTable } from './ticket.table.ts';

export const ticketKinds = [
  'incident',
  'service_request',
  'problem',
  'change',
] as const satisfies readonly TicketKind[];
export const ticketStatuses = [
  'new',
  'open',
  'pending',
  'resolved',
  'closed',
] as const satisfies readonly TicketStatus[];
export const openStatuses: readonly TicketStatus[] = ['new', 'open', 'pending'];
export const priorities = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];
export const channels = ['portal', 'email', 'phone', 'api'] as const satisfies readonly Channel[];

export interface Ticket {
  id: string;
  number: number;
  /** "PT-1042": how people refer to the ticket. */
  reference: string;
  kind: TicketKind;
  requestTypeId: string | null;
  requestTypeName: string | null;
  subject: string;
  description: string;
  fields: AnsweredField[];
  status: TicketStatus;
  priority: Priority;
  impact: string | null;
  urgency: string | null;
  requesterId: string;
  organisationId: string | null;
  groupId: string | null;
  assigneeId: string | null;
  createdById: string | null;
  channel: Channel;
  parentId: string | null;
  problemId: string | null;
  mergedIntoId: string | null;
  rootCause: string | null;
  workaround: string | null;
  replyCount: number;
  firstRespondedAt: Date | null;
  lastCustomerReplyAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function ticketReference(number: number): string {
  return `PT-${number}`;
}

/** Accepts "PT-1042", "pt-1042" or "1042"; anything else is undefined. */
export function parseTicketReference(value: string): number | undefined {
  const match = /^(?:pt-?)?(\d{1,12})$/i.exec(value.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) ? number : undefined;
}

function optionalTime(value: string | null): Date | null {
  return value === null ? null : fromStoredTime(value);
}

export function rowToTicket(row: Selectable<TicketTable>): Ticket {
  return {
    id: row.id,
    number: Number(row.number),
    reference: ticketReference(Number(row.number)),
    kind: row.kind,
    requestTypeId: row.request_type_id,
    requestTypeName: row.request_type_name,
    subject: row.subject,
    description: row.description,
    fields: JSON.parse(row.fields) as AnsweredField[],
    status: row.status,
    priority: row.priority,
    impact: row.impact,
    urgency: row.urgency,
    requesterId: row.requester_id,
    organisationId: row.organisation_id,
    groupId: row.group_id,
    assigneeId: row.assignee_id,
    createdById: row.created_by_id,
    channel: row.channel,
    parentId: row.parent_id,
    problemId: row.problem_id,
    mergedIntoId: row.merged_into_id,
    rootCause: row.root_cause,
    workaround: row.workaround,
    replyCount: Number(row.reply_count),
    firstRespondedAt: optionalTime(row.first_responded_at),
    lastCustomerReplyAt: optionalTime(row.last_customer_reply_at),
    resolvedAt: optionalTime(row.resolved_at),
    closedAt: optionalTime(row.closed_at),
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
  };
}

export function isOpenStatus(status: TicketStatus): boolean {
  return openStatuses.includes(status);
}

const impactRank = { low: 0, medium: 1, high: 2 } as const;
export type Level = keyof typeof impactRank;
export const levels = Object.keys(impactRank) as Level[];

/**
 * The ITIL impact × urgency matrix: high × high is P1, and each step down on either axis lowers it.
 * @example
 * priorityFromMatrix('high', 'medium'); // 'P2'
 */
export function priorityFromMatrix(impact: Level, urgency: Level): Priority {
  const score = impactRank[impact] + impactRank[urgency];
  if (score === 4) return 'P1';
  if (score === 3) return 'P2';
  if (score === 2) return 'P3';
  return 'P4';
}
