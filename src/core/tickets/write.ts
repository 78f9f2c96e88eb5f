import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.ts';
import { newId, nextPosition, nowStored } from '../db/values.ts';
import { recordEvents } from '../events/index.ts';
import type { FieldChange, PendingEvent } from '../events/index.ts';
import { isOpenStatus } from './ticket.ts';
import type { TicketTable } from './ticket.table.ts';

/** The columns a change may touch; each one changed is audited. */
export type TicketChanges = {
  [
    Key in keyof Pick<
      TicketTable,
      | 'status'
      | 'priority'
      | 'impact'
      | 'urgency'
      | 'group_id'
      | 'assignee_id'
      | 'subject'
      | 'kind'
      | 'parent_id'
      | 'problem_id'
      | 'merged_into_id'
      | 'root_cause'
      | 'workaround'
    >
  ]?: TicketTable[Key] | undefined;
};

const auditedFields: Record<keyof TicketChanges, string> = {
  status: 'status',
  priority: 'priority',
  impact: 'impact',
  urgency: 'urgency',
  group_id: 'group',
  assignee_id: 'assignee',
  subject: 'subject',
  kind: 'kind',
  parent_id: 'parent',
  problem_id: 'problem',
  merged_into_id: 'merged_into',
  root_cause: 'root_cause',
  workaround: 'workaround',
};

/**
 * Records entries in a ticket's history (who, field, old → new) in the caller's transaction; other
 * modules use it for what they did to a ticket (a rule that fired, an escalation level).
 * @example
 * await recordTicketHistory(trx, ticket.id, null, [{ field: 'rule', from: null, to: 'Route VPN incidents' }]);
 */
export async function writeAudit(
  db: Db,
  ticketId: string,
  actorId: string | null,
  entries: FieldChange[],
  at = nowStored(),
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('ticket_audit')
    .values(
      entries.map((entry) => ({
        id: newId(),
        ticket_id: ticketId,
        actor_id: actorId,
        field: entry.field,
        old_value: entry.from,
        new_value: entry.to,
        created_at: at,
        position: nextPosition(),
      })),
    )
    .execute();
}

/**
 * Applies changes to a ticket inside the caller's transaction: the row, its audit history and its
 * events (updated, assigned, resolved, closed, reopened) together. Returns the row as it is now.
 */
export async function applyTicketChanges(
  db: Db,
  actorId: string | null,
  row: Selectable<TicketTable>,
  changes: TicketChanges,
  options: { reopenReason?: 'customer_reply' | 'agent'; extraEvents?: PendingEvent[] } = {},
): Promise<Selectable<TicketTable>> {
  const now = nowStored();
  const changed: FieldChange[] = [];
  const set: Partial<TicketTable> = {};
  for (const [key, value] of Object.entries(changes) as [keyof TicketChanges, string | null | undefined][]) {
    if (value === undefined || value === row[key]) continue;
    changed.push({ field: auditedFields[key], from: row[key], to: value });
    Object.assign(set, { [key]: value });
  }
  const events: PendingEvent[] = [...(options.extraEvents ?? [])];
  const ref = { ticketId: row.id, number: Number(row.number) };
  if (changed.length === 0) {
    if (events.length > 0) {
      await db.updateTable('tickets').set({ updated_at: now }).where('id', '=', row.id).execute();
      await recordEvents(db, actorId, events);
    }
    return { ...row, updated_at: events.length > 0 ? now : row.updated_at };
  }
  if (set.status !== undefined) {
    set.is_open = isOpenStatus(set.status) ? 1 : 0;
    if (set.status === 'resolved') set.resolved_at = now;
    if (set.status === 'closed') set.closed_at = now;
    if (isOpenStatus(set.status)) {
      set.resolved_at = null;
      set.closed_at = null;
    }
  }
  set.updated_at = now;
  await db.updateTable('tickets').set(set).where('id', '=', row.id).execute();
  await writeAudit(db, row.id, actorId, changed, now);

  events.push({ type: 'ticket.updated', subjectId: row.id, payload: { ...ref, changes: changed } });
  if (set.assignee_id !== undefined) {
    events.push({
      type: 'ticket.assigned',
      subjectId: row.id,
      payload: {
        ...ref,
        assigneeId: set.assignee_id,
        previousAssigneeId: row.assignee_id,
        groupId: set.group_id ?? row.group_id,
      },
    });
  }
  if (set.status === 'resolved') {
    events.push({ type: 'ticket.resolved', subjectId: row.id, payload: { ...ref, status: 'resolved' } });
  }
  if (set.status === 'closed') {
    const mergedInto = set.merged_into_id ?? row.merged_into_id;
    const target = mergedInto
      ? await db.selectFrom('tickets').select('number').where('id', '=', mergedInto).executeTakeFirst()
      : undefined;
    events.push({
      type: 'ticket.closed',
      subjectId: row.id,
      payload: { ...ref, mergedIntoNumber: target ? Number(target.number) : null },
    });
  }
  if (set.status !== undefined && isOpenStatus(set.status) && !isOpenStatus(row.status)) {
    events.push({
      type: 'ticket.reopened',
      subjectId: row.id,
      payload: { ...ref, reason: options.reopenReason ?? 'agent' },
    });
  }
  await recordEvents(db, actorId, events);
  return { ...row, ...set };
}

/** The numbers of a ticket's children that are still open (a parent waits for them). */
export async function openChildNumbers(db: Db, ticketId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('number')
    .where('parent_id', '=', ticketId)
    .where('is_open', '=', 1)
    .orderBy('number')
    .execute();
  return rows.map((row) => Number(row.number));
}

export async function replaceTicketTags(db: Db, ticketId: string, tags: string[]): Promise<void> {
  await db.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
  if (tags.length > 0) {
    await db
      .insertInto('ticket_tags')
      .values(tags.map((tag) => ({ ticket_id: ticketId, tag })))
      .execute();
  }
}

export async function ticketTags(db: Db, ticketIds: string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return tags;
  const rows = await db
    .selectFrom('ticket_tags')
    .select(['ticket_id', 'tag'])
    .where('ticket_id', 'in', ticketIds)
    .orderBy('tag')
    .execute();
  for (const row of rows) tags.get(row.ticket_id)?.push(row.tag);
  return tags;
}
