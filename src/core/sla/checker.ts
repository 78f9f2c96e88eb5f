import type { Core } from '../context.ts';
import { toStoredTime } from '../db/values.ts';
import { recordEvents } from '../events/index.ts';
import type { PendingEvent } from '../events/index.ts';
import { nextCheckAt } from './clocks.ts';
import type { StoredTarget } from './clocks.ts';
import { keySet } from './recompute.ts';

const batchSize = 500;

/**
 * Announces SLA targets that crossed their at-risk share or their deadline since the last run, as
 * `sla.at_risk` / `sla.breached` events, exactly once per target and ticket. Reads only the rows whose
 * indexed next_check_at has passed, so its cost follows the crossings, not the number of tickets.
 * Run it every minute.
 * @example
 * const { atRisk, breached } = await checkSlaDeadlines(core, new Date());
 */
export async function checkSlaDeadlines(core: Core, now = new Date()): Promise<{ atRisk: number; breached: number }> {
  const counts = { atRisk: 0, breached: 0 };
  const nowStored = toStoredTime(now);
  // Each processed row's next_check_at moves past `now` (or to null), so the loop drains; the set guards it.
  const seen = new Set<string>();
  for (;;) {
    const rows = await core.db
      .selectFrom('sla_ticket_states')
      .innerJoin('tickets', 'tickets.id', 'sla_ticket_states.ticket_id')
      .select([
        'sla_ticket_states.ticket_id',
        'sla_ticket_states.targets',
        'sla_ticket_states.at_risk_notified',
        'sla_ticket_states.breached_notified',
        'tickets.number',
      ])
      .where('sla_ticket_states.next_check_at', '<=', nowStored)
      .orderBy('sla_ticket_states.next_check_at')
      .limit(batchSize)
      .execute();
    const fresh = rows.filter((row) => !seen.has(row.ticket_id));
    if (fresh.length === 0) break;
    for (const row of fresh) seen.add(row.ticket_id);
    await core.db.transaction().execute(async (trx) => {
      for (const row of fresh) {
        const targets = JSON.parse(row.targets) as StoredTarget[];
        const atRisk = keySet(row.at_risk_notified);
        const breached = keySet(row.breached_notified);
        const events: PendingEvent[] = [];
        const ref = { ticketId: row.ticket_id, number: Number(row.number) };
        for (const item of targets) {
          if (item.metAt !== null || item.pausedSince !== null || breached.has(item.key)) continue;
          const payload = { ...ref, target: item.kind, due: new Date(item.due).toISOString() };
          if (now.getTime() >= item.due) {
            // A deadline already passed says more than "at risk": announce only the breach.
            breached.add(item.key);
            atRisk.add(item.key);
            events.push({ type: 'sla.breached', subjectId: row.ticket_id, payload });
          } else if (now.getTime() >= item.riskAt && !atRisk.has(item.key)) {
            atRisk.add(item.key);
            events.push({ type: 'sla.at_risk', subjectId: row.ticket_id, payload });
          }
        }
        const next = nextCheckAt(targets, atRisk, breached);
        // Guarded by the flags read: if another worker announced first, this update changes nothing.
        const result = await trx
          .updateTable('sla_ticket_states')
          .set({
            at_risk_notified: [...atRisk].join(','),
            breached_notified: [...breached].join(','),
            next_check_at: next === null ? null : toStoredTime(new Date(next)),
          })
          .where('ticket_id', '=', row.ticket_id)
          .where('at_risk_notified', '=', row.at_risk_notified)
          .where('breached_notified', '=', row.breached_notified)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0 || events.length === 0) continue;
        await recordEvents(trx, null, events);
        for (const event of events) counts[event.type === 'sla.breached' ? 'breached' : 'atRisk']++;
      }
    });
  }
  if (counts.atRisk + counts.breached > 0) core.events.dispatchSoon();
  return counts;
}
