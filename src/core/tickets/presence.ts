import type { Core } from '../context.ts';
import { fromStoredTime, toStoredTime } from '../db/values.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { loadVisibleTicket } from './access.ts';

/** How long a page view or a reply in progress counts as present. */
export const presenceWindowMs = 90_000;

export interface Presence {
  userId: string;
  name: string;
  activity: 'viewing' | 'replying';
  since: Date;
}

/**
 * Notes that an agent is viewing or replying to a ticket and returns the other agents present, so
 * two people do not answer the same customer at once.
 * @example
 * const others = await notePresence(core, agent, 1042, 'replying');
 */
export async function notePresence(
  core: Core,
  actor: Actor | null,
  number: number,
  activity: 'viewing' | 'replying',
  now = new Date(),
): Promise<Presence[]> {
  assertStaff(actor);
  const ticket = await loadVisibleTicket(core, actor, number);
  if (actor.role !== 'system') {
    await core.db
      .insertInto('ticket_presence')
      .values({ ticket_id: ticket.id, user_id: actor.id, activity, seen_at: toStoredTime(now) })
      .onConflict((oc) => oc.columns(['ticket_id', 'user_id']).doUpdateSet({ activity, seen_at: toStoredTime(now) }))
      .execute();
  }
  const rows = await core.db
    .selectFrom('ticket_presence')
    .innerJoin('users', 'users.id', 'ticket_presence.user_id')
    .select(['users.id', 'users.name', 'ticket_presence.activity', 'ticket_presence.seen_at'])
    .where('ticket_presence.ticket_id', '=', ticket.id)
    .where('ticket_presence.user_id', '!=', actor.id)
    .where('ticket_presence.seen_at', '>=', toStoredTime(new Date(now.getTime() - presenceWindowMs)))
    .orderBy('users.name')
    .execute();
  return rows.map((row) => ({
    userId: row.id,
    name: row.name,
    activity: row.activity,
    since: fromStoredTime(row.seen_at),
  }));
}
