import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { loadVisibleTicket } from './access.ts';
import { writeAudit } from './write.ts';

/**
 * Adds or removes a watcher (agents): watchers follow the ticket, and a customer watching sees it.
 * @example
 * await setWatcher(core, agent, 1042, colleague.id, true);
 */
export async function setWatcher(
  core: Core,
  actor: Actor | null,
  number: number,
  userId: string,
  watching: boolean,
): Promise<void> {
  assertStaff(actor);
  const ticket = await loadVisibleTicket(core, actor, number);
  const user = await core.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', userId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!user) {
    throw new PorticoError('invalid_input', 'No such user.', { details: { fields: { userId: 'Choose a user.' } } });
  }
  const actorId = actor.role === 'system' ? null : actor.id;
  await core.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('ticket_watchers')
      .select('user_id')
      .where('ticket_id', '=', ticket.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Boolean(existing) === watching) return;
    if (watching) await trx.insertInto('ticket_watchers').values({ ticket_id: ticket.id, user_id: userId }).execute();
    else
      await trx
        .deleteFrom('ticket_watchers')
        .where('ticket_id', '=', ticket.id)
        .where('user_id', '=', userId)
        .execute();
    await writeAudit(trx, ticket.id, actorId, [
      { field: 'watcher', from: watching ? null : user.name, to: watching ? user.name : null },
    ]);
  });
}
