import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Core } from '../context.ts';
import type { Database } from '../db/database.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import type { TicketTable } from './ticket.table.ts';

/** Anyone acting on tickets must be signed in (or be Portico itself). */
export function assertSignedIn(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new PorticoError('unauthenticated', 'Sign in to continue.');
  if (actor.role !== 'system' && !actor.active) throw new PorticoError('forbidden', 'This account is deactivated.');
}

/**
 * The one rule for which tickets a caller may see, as a filter on `tickets`: staff see every ticket; a
 * customer sees the tickets they requested or watch, and their organisation's when it shares requests.
 */
export function visibleTickets(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    if (isStaff(actor)) return eb.lit(true);
    const own = [
      eb('tickets.requester_id', '=', actor.id),
      eb.exists(
        eb
          .selectFrom('ticket_watchers')
          .select('ticket_watchers.user_id')
          .whereRef('ticket_watchers.ticket_id', '=', 'tickets.id')
          .where('ticket_watchers.user_id', '=', actor.id),
      ),
    ];
    const organisationId = 'organisationId' in actor ? actor.organisationId : null;
    if (organisationId) {
      own.push(
        eb.and([
          eb('tickets.organisation_id', '=', organisationId),
          eb.exists(
            eb
              .selectFrom('organisations')
              .select('organisations.id')
              .where('organisations.id', '=', organisationId)
              .where('organisations.share_requests', '=', 1),
          ),
        ]),
      );
    }
    return eb.or(own);
  };
}

/**
 * The ticket with this number if the caller may see it; a ticket they may not see is not found, the
 * same as one that does not exist, so existence does not leak.
 */
export async function findVisibleTicket(
  core: Core,
  actor: Actor,
  number: number,
): Promise<Selectable<TicketTable> | undefined> {
  return core.db
    .selectFrom('tickets')
    .selectAll()
    .where('number', '=', number)
    .where(visibleTickets(actor))
    .executeTakeFirst();
}

export async function loadVisibleTicket(core: Core, actor: Actor, number: number): Promise<Selectable<TicketTable>> {
  const row = await findVisibleTicket(core, actor, number);
  if (!row) throw new PorticoError('not_found', `No ticket PT-${number}.`, { hint: 'Check the number.' });
  return row;
}
