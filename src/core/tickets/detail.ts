import type { Core } from '../context.ts';
import { fromStoredTime } from '../db/values.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import { assertSignedIn, findVisibleTicket, visibleTickets } from './access.ts';
import { listAttachments } from './attachments.ts';
import type { Attachment } from './attachments.ts';
import { summarise } from './listing.ts';
import type { TicketSummary } from './listing.ts';
import { listMessages } from './messages.ts';
import type { TicketMessage } from './messages.ts';
import type { Ticket } from './ticket.ts';
import { rowToTicket } from './ticket.ts';

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export interface TicketDetail {
  ticket: TicketSummary;
  requester: PersonRef & { organisationName: string | null };
  messages: TicketMessage[];
  attachments: Attachment[];
  /** Staff only (empty for customers): who follows the ticket besides the requester. */
  watchers: PersonRef[];
  parent: TicketSummary | null;
  children: TicketSummary[];
  problem: TicketSummary | null;
  /** For a problem: the incidents linked to it. */
  incidents: TicketSummary[];
  related: TicketSummary[];
  mergedInto: TicketSummary | null;
}

export interface AuditEntry {
  id: string;
  actorName: string | null;
  field: string;
  from: string | null;
  to: string | null;
  at: Date;
}

/**
 * Everything a ticket page shows, as far as the caller may see it: customers get no internal notes, no
 * attachments of notes, no watchers, and only linked tickets they could open themselves.
 * @example
 * const detail = await getTicket(core, user, 1042);
 */
export async function getTicket(core: Core, actor: Actor | null, number: number): Promise<TicketDetail | undefined> {
  assertSignedIn(actor);
  const row = await findVisibleTicket(core, actor, number);
  if (!row) return undefined;
  const staff = isStaff(actor);
  const [ticket] = await summarise(core, [rowToTicket(row)]);
  const requester = await core.db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.name', 'users.email', 'organisations.name as organisation_name'])
    .where('users.id', '=', row.requester_id)
    .executeTakeFirstOrThrow();

  const linked = async (load: () => Promise<Ticket[]>) => summarise(core, await load());
  const visible = () => core.db.selectFrom('tickets').selectAll('tickets').where(visibleTickets(actor));
  const one = async (id: string | null) =>
    id
      ? ((await linked(async () => (await visible().where('id', '=', id).execute()).map(rowToTicket)))[0] ?? null)
      : null;
  const many = (column: 'parent_id' | 'problem_id') =>
    linked(async () =>
      (await visible().where(column, '=', row.id).orderBy('number').limit(200).execute()).map(rowToTicket),
    );
  const related = await linked(async () =>
    (
      await visible()
        .innerJoin('ticket_relations', 'ticket_relations.related_id', 'tickets.id')
        .where('ticket_relations.ticket_id', '=', row.id)
        .orderBy('tickets.number')
        .execute()
    ).map(rowToTicket),
  );
  const watchers = staff
    ? await core.db
        .selectFrom('ticket_watchers')
        .innerJoin('users', 'users.id', 'ticket_watchers.user_id')
        .select(['users.id', 'users.name', 'users.email'])
        .where('ticket_watchers.ticket_id', '=', row.id)
        .orderBy('users.name')
        .execute()
    : [];
  return {
    ticket: ticket!,
    requester: {
      id: requester.id,
      name: requester.name,
      email: requester.email,
      organisationName: requester.organisation_name,
    },
    messages: await listMessages(core.db, row.id, staff),
    attachments: await listAttachments(core.db, row.id, staff),
    watchers,
    parent: await one(row.parent_id),
    children: await many('parent_id'),
    problem: await one(row.problem_id),
    incidents: row.kind === 'problem' ? await many('problem_id') : [],
    related,
    mergedInto: await one(row.merged_into_id),
  };
}

/**
 * A ticket's audit history, oldest first (agents only; customers get not found).
 * @example
 * const entries = await ticketHistory(core, agent, 1042);
 */
export async function ticketHistory(
  core: Core,
  actor: Actor | null,
  number: number,
): Promise<AuditEntry[] | undefined> {
  assertSignedIn(actor);
  if (!isStaff(actor)) return undefined;
  const row = await findVisibleTicket(core, actor, number);
  if (!row) return undefined;
  const entries = await core.db
    .selectFrom('ticket_audit')
    .leftJoin('users', 'users.id', 'ticket_audit.actor_id')
    .select([
      'ticket_audit.id',
      'users.name as actor_name',
      'ticket_audit.field',
      'ticket_audit.old_value',
      'ticket_audit.new_value',
      'ticket_audit.created_at',
    ])
    .where('ticket_audit.ticket_id', '=', row.id)
    .orderBy('ticket_audit.created_at')
    .orderBy('ticket_audit.position')
    .execute();
  const ids = [
    ...new Set(
      entries
        .filter((entry) => ['assignee', 'group', 'parent', 'problem', 'merged_into'].includes(entry.field))
        .flatMap((entry) => [entry.old_value, entry.new_value])
        .filter((value): value is string => value !== null),
    ),
  ];
  const names = new Map<string, string>();
  if (ids.length > 0) {
    for (const user of await core.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()) {
      names.set(user.id, user.name);
    }
    for (const group of await core.db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).execute()) {
      names.set(group.id, group.name);
    }
    for (const ticket of await core.db
      .selectFrom('tickets')
      .select(['id', 'number'])
      .where('id', 'in', ids)
      .execute()) {
      names.set(ticket.id, `PT-${ticket.number}`);
    }
  }
  const readable = (value: string | null) => (value === null ? null : (names.get(value) ?? value));
  return entries.map((entry) => ({
    id: entry.id,
    actorName: entry.actor_name,
    field: entry.field,
    from: readable(entry.old_value),
    to: readable(entry.new_value),
    at: fromStoredTime(entry.created_at),
  }));
}
