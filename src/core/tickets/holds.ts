import type { Db } from '../db/connect.ts';
import { nowStored } from '../db/values.ts';

/**
 * Holds a ticket in `pending` for a reason other than waiting for the customer (an approval): while
 * held, a customer's reply does not move it back to open. Joins the caller's transaction when given one.
 * @example
 * await holdTicket(trx, ticket.id, 'approval');
 */
export async function holdTicket(db: Db, ticketId: string, reason: string): Promise<void> {
  await db
    .insertInto('ticket_holds')
    .values({ ticket_id: ticketId, reason, created_at: nowStored() })
    .onConflict((oc) => oc.columns(['ticket_id', 'reason']).doNothing())
    .execute();
}

/** Ends a hold (see holdTicket). */
export async function releaseTicket(db: Db, ticketId: string, reason: string): Promise<void> {
  await db.deleteFrom('ticket_holds').where('ticket_id', '=', ticketId).where('reason', '=', reason).execute();
}

/** Why a ticket is held, if it is (empty when it is not). */
export async function holdsOf(db: Db, ticketId: string): Promise<string[]> {
  const rows = await db.selectFrom('ticket_holds').select('reason').where('ticket_id', '=', ticketId).execute();
  return rows.map((row) => row.reason).sort();
}
