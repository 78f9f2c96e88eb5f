import type { Selectable } from 'kysely';
import type { AnsweredField } from '../catalog/index.ts';
import type { Core } from '../context.ts';
import { fromStoredTime } from '../db/values.ts';
import type { Database } from '../db/database.ts';

type TicketTable = Database['tickets'];

/** What conditions look at: the ticket row, its tags, when its status last changed, and the triggering event. */
export interface TicketFacts {
  row: Selectable<TicketTable>;
  tags: string[];
  fields: AnsweredField[];
  statusChangedAt: Date;
  /** For `ticket.replied`: whether the reply came from the customer; null otherwise. */
  fromCustomer: boolean | null;
}

/** Loads the facts of these ticket rows in three queries, in the rows' order. */
export async function factsOf(core: Core, rows: Selectable<TicketTable>[]): Promise<TicketFacts[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const tagRows = await core.db
    .selectFrom('ticket_tags')
    .select(['ticket_id', 'tag'])
    .where('ticket_id', 'in', ids)
    .orderBy('tag')
    .execute();
  const statusRows = await core.db
    .selectFrom('ticket_audit')
    .select(['ticket_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('ticket_id', 'in', ids)
    .where('field', '=', 'status')
    .groupBy('ticket_id')
    .execute();
  const tags = new Map<string, string[]>();
  for (const row of tagRows) tags.set(row.ticket_id, [...(tags.get(row.ticket_id) ?? []), row.tag]);
  const statusAt = new Map(statusRows.map((row) => [row.ticket_id, row.at]));
  return rows.map((row) => ({
    row,
    tags: tags.get(row.id) ?? [],
    fields: JSON.parse(row.fields) as AnsweredField[],
    statusChangedAt: fromStoredTime(statusAt.get(row.id) ?? row.created_at),
    fromCustomer: null,
  }));
}

/** One ticket's facts by id, or undefined when it is gone. */
export async function ticketFacts(core: Core, ticketId: string): Promise<TicketFacts | undefined> {
  const row = await core.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  return row ? (await factsOf(core, [row]))[0] : undefined;
}
