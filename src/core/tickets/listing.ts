import { sql } from 'kysely';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { z } from 'zod';
import type { Core } from '../context.ts';
import type { Database } from '../db/database.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { assertSignedIn, visibleTickets } from './access.ts';
import { kindSchema, prioritySchema, statusSchema } from './schemas.ts';
import type { Ticket } from './ticket.ts';
import { parseTicketReference, rowToTicket } from './ticket.ts';
import { ticketTags } from './write.ts';

export const queues = ['mine', 'unassigned', 'groups', 'all'] as const;
export type Queue = (typeof queues)[number];
export const ticketSorts = ['updated', 'oldest', 'newest', 'priority'] as const;

const listOf = <Item extends z.ZodType>(item: Item) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(item));

/** The desk's filters; the same shape is stored in saved views and read from query strings. */
export const ticketFilterSchema = z
  .object({
    queue: z.enum(queues, { error: 'Choose mine, unassigned, groups or all.' }).default('all'),
    status: listOf(statusSchema).optional(),
    priority: listOf(prioritySchema).optional(),
    kind: kindSchema.optional(),
    groupId: z.string().min(1).optional(),
    assigneeId: z.string().min(1).optional(),
    requestTypeId: z.string().min(1).optional(),
    requesterId: z.string().min(1).optional(),
    organisationId: z.string().min(1).optional(),
    tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
    q: z.string().trim().max(200, 'Search with at most 200 characters.').optional(),
    sort: z.enum(ticketSorts, { error: 'Sort by updated, oldest, newest or priority.' }).default('updated'),
  })
  .strict();
export type TicketFilter = z.input<typeof ticketFilterSchema>;

export const ticketPageSchema = z
  .object({
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type TicketPage = z.input<typeof ticketPageSchema>;

export interface TicketSummary extends Ticket {
  requesterName: string;
  assigneeName: string | null;
  groupName: string | null;
  tags: string[];
}

type Cursor = [string | number, ...(string | number)[]];

function encodeCursor(values: Cursor): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): Cursor {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((value) => typeof value === 'string' || typeof value === 'number')
    ) {
      return values as Cursor;
    }
  } catch {
    // falls through to the error below
  }
  throw new PorticoError('invalid_input', 'That page link is no longer valid.', {
    hint: 'Start again from the first page.',
    details: { fields: { cursor: 'Not a cursor from this list.' } },
  });
}

function escapeLike(text: string): string {
  return text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`);
}

/**
 * A page of the tickets the caller may see, filtered and sorted, with a cursor for the next page.
 * Pages walk an index from the cursor on, so a deep page costs what the first does; there are no totals.
 * @example
 * const { tickets, nextCursor } = await listTickets(core, agent, { queue: 'unassigned' }, { limit: 25 });
 */
export async function listTickets(
  core: Core,
  actor: Actor | null,
  rawFilter: TicketFilter = {},
  rawPage: TicketPage = {},
): Promise<{ tickets: TicketSummary[]; nextCursor: string | null }> {
  assertSignedIn(actor);
  const filter = parseInput(ticketFilterSchema, rawFilter);
  const page = parseInput(ticketPageSchema, rawPage);
  const staff = isStaff(actor);
  let query = core.db
    .selectFrom('tickets')
    .selectAll('tickets')
    .where(visibleTickets(actor))
    .where('merged_into_id', 'is', null);

  if (staff && filter.queue !== 'all') {
    query = query.where('is_open', '=', 1);
    if (filter.queue === 'mine') query = query.where('assignee_id', '=', actor.id);
    if (filter.queue === 'unassigned') query = query.where('assignee_id', 'is', null);
    if (filter.queue === 'groups') {
      query = query.where('group_id', 'in', (eb) =>
        eb.selectFrom('group_members').select('group_id').where('user_id', '=', actor.id),
      );
    }
  }
  if (filter.status?.length) {
    query = query.where('status', 'in', filter.status);
    if (filter.status.every((status) => ['new', 'open', 'pending'].includes(status))) {
      query = query.where('is_open', '=', 1);
    }
  }
  if (filter.priority?.length) query = query.where('priority', 'in', filter.priority);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.groupId) query = query.where('group_id', '=', filter.groupId);
  if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.requestTypeId) query = query.where('request_type_id', '=', filter.requestTypeId);
  if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.tag) {
    const tag = filter.tag;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('ticket_tags')
          .select('ticket_tags.tag')
          .whereRef('ticket_tags.ticket_id', '=', 'tickets.id')
          .where('ticket_tags.tag', '=', tag),
      ),
    );
  }
  if (filter.q) {
    const number = parseTicketReference(filter.q);
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) =>
      eb.or([
        ...(number !== undefined ? [eb('number', '=', number)] : []),
        sql<SqlBool>`lower(subject) like ${pattern} escape '\\'`,
      ]),
    );
  }

  const sort = filter.sort;
  const after = page.cursor ? decodeCursor(page.cursor, sort === 'newest' ? 1 : sort === 'priority' ? 3 : 2) : null;
  const tuple = (eb: ExpressionBuilder<Database, 'tickets'>, op: '<' | '>', columns: string[], values: Cursor) =>
    eb(
      eb.refTuple(...(columns as ['updated_at', 'id'])),
      op,
      eb.tuple(...(values as [string, string])),
    ) as Expression<SqlBool>;
  if (sort === 'newest') {
    if (after) query = query.where('number', '<', Number(after[0]));
    query = query.orderBy('number', 'desc');
  } else if (sort === 'priority') {
    if (after) query = query.where((eb) => tuple(eb, '>', ['priority', 'updated_at', 'id'], after));
    query = query.orderBy('priority', 'asc').orderBy('updated_at', 'asc').orderBy('id', 'asc');
  } else {
    const direction = sort === 'oldest' ? 'asc' : 'desc';
    if (after) query = query.where((eb) => tuple(eb, direction === 'asc' ? '>' : '<', ['updated_at', 'id'], after));
    query = query.orderBy('updated_at', direction).orderBy('id', direction);
  }

  const rows = await query.limit(page.limit + 1).execute();
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  const nextCursor =
    rows.length > page.limit && last
      ? encodeCursor(
          sort === 'newest'
            ? [Number(last.number)]
            : sort === 'priority'
              ? [last.priority, last.updated_at, last.id]
              : [last.updated_at, last.id],
        )
      : null;
  return { tickets: await summarise(core, pageRows.map(rowToTicket)), nextCursor };
}

/** Adds names and tags to tickets for lists, in three queries for the whole page. */
export async function summarise(core: Core, tickets: Ticket[]): Promise<TicketSummary[]> {
  const userIds = [...new Set(tickets.flatMap((ticket) => [ticket.requesterId, ticket.assigneeId ?? '']))].filter(
    Boolean,
  );
  const groupIds = [...new Set(tickets.map((ticket) => ticket.groupId).filter((id): id is string => id !== null))];
  const users = new Map(
    userIds.length
      ? (await core.db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute()).map((row) => [
          row.id,
          row.name,
        ])
      : [],
  );
  const groups = new Map(
    groupIds.length
      ? (await core.db.selectFrom('groups').select(['id', 'name']).where('id', 'in', groupIds).execute()).map((row) => [
          row.id,
          row.name,
        ])
      : [],
  );
  const tags = await ticketTags(
    core.db,
    tickets.map((ticket) => ticket.id),
  );
  return tickets.map((ticket) => ({
    ...ticket,
    requesterName: users.get(ticket.requesterId) ?? '',
    assigneeName: ticket.assigneeId ? (users.get(ticket.assigneeId) ?? null) : null,
    groupName: ticket.groupId ? (groups.get(ticket.groupId) ?? null) : null,
    tags: tags.get(ticket.id) ?? [],
  }));
}
