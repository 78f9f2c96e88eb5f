import type { Core } from '../context.ts';
import { toStoredTime } from '../db/values.ts';
import { applyTicketChanges } from './write.ts';
import { reopenWindowMs } from './workflow.ts';

/**
 * Closes tickets resolved more than 7 days ago (the customer did not reopen them); returns how many.
 * Runs every minute in the server; each ticket is closed in its own transaction with its event.
 * @example
 * const closed = await closeResolvedTickets(core);
 */
export async function closeResolvedTickets(core: Core, now = new Date()): Promise<number> {
  const cutoff = toStoredTime(new Date(now.getTime() - reopenWindowMs));
  let closed = 0;
  for (;;) {
    const rows = await core.db
      .selectFrom('tickets')
      .selectAll()
      .where('status', '=', 'resolved')
      .where('resolved_at', '<', cutoff)
      .limit(200)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      await core.db.transaction().execute((trx) => applyTicketChanges(trx, null, row, { status: 'closed' }));
      closed++;
    }
  }
  if (closed > 0) core.events.dispatchSoon();
  return closed;
}
