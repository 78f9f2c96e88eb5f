// When each ticket's next escalation level is due: derived from the SLA state's due times, kept in an indexed column.
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { toStoredTime } from '../db/values.ts';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { BusinessCalendar } from './business-time.ts';
import type { StoredTarget } from './clocks.ts';
import { loadLevels } from './escalations-levels.ts';
import type { EscalationLevel } from './escalations-levels.ts';
import { calendarOf, loadSetup } from './recompute.ts';
import type { SlaSetup } from './recompute.ts';

const chunk = 400;

/** The key a level's firing is stored under: one per level and target cycle. */
export const firedKey = (levelId: string, targetKey: string) => `${levelId}|${targetKey}`;

/**
 * The moment a level fires for a target, or null while it cannot (met, or the clock stands: a moment
 * that passed during a pause waits for the pause-extended due time the state holds after the resume).
 * After the deadline: business minutes added to the due time. Before it: the same business minutes
 * counted back, i.e. the clock's business span from its start to its (pause-extended) due, less the offset.
 */
export function levelMoment(calendar: BusinessCalendar, level: EscalationLevel, target: StoredTarget): number | null {
  if (target.metAt !== null || target.pausedSince !== null) return null;
  if (level.offsetMinutes >= 0)
    return addBusinessMinutes(calendar, new Date(target.due), level.offsetMinutes).getTime();
  const start = new Date(target.start);
  const span = businessMinutesBetween(calendar, start, new Date(target.due));
  return addBusinessMinutes(calendar, start, Math.max(0, span + level.offsetMinutes)).getTime();
}

/** Every (level, target) pair not yet fired with its moment, earliest first. */
export function pendingLevels(
  calendar: BusinessCalendar,
  levels: EscalationLevel[],
  targets: StoredTarget[],
  fired: Set<string>,
): { level: EscalationLevel; target: StoredTarget; at: number }[] {
  const pending = [];
  for (const target of targets) {
    for (const level of levels) {
      if (level.target !== target.kind || fired.has(firedKey(level.id, target.key))) continue;
      const at = levelMoment(calendar, level, target);
      if (at !== null) pending.push({ level, target, at });
    }
  }
  return pending.sort((a, b) => a.at - b.at);
}

/** What the sync and the run read about a batch of tickets. */
export async function escalationContext(db: Db, ticketIds: string[], setup?: SlaSetup) {
  const [states, fired, config] = await Promise.all([
    db
      .selectFrom('sla_ticket_states')
      .innerJoin('tickets', 'tickets.id', 'sla_ticket_states.ticket_id')
      .select([
        'sla_ticket_states.ticket_id',
        'sla_ticket_states.policy_id',
        'sla_ticket_states.targets',
        'tickets.number',
        'tickets.subject',
        'tickets.is_open',
        'tickets.priority',
        'tickets.group_id',
        'tickets.assignee_id',
      ])
      .where('sla_ticket_states.ticket_id', 'in', ticketIds)
      .execute(),
    db
      .selectFrom('sla_escalations_fired')
      .select(['ticket_id', 'level_id', 'target_key'])
      .where('ticket_id', 'in', ticketIds)
      .execute(),
    setup ? Promise.resolve(setup) : loadSetup(db),
  ]);
  const levels = await loadLevels(db, [...new Set(states.map((row) => row.policy_id))]);
  const firedByTicket = new Map<string, Set<string>>();
  for (const row of fired) {
    const set = firedByTicket.get(row.ticket_id) ?? new Set<string>();
    set.add(firedKey(row.level_id, row.target_key));
    firedByTicket.set(row.ticket_id, set);
  }
  const levelsByPolicy = new Map<string, EscalationLevel[]>();
  for (const level of levels)
    levelsByPolicy.set(level.policyId, [...(levelsByPolicy.get(level.policyId) ?? []), level]);
  const policies = new Map(config.policies.map((policy) => [policy.id, policy]));
  return {
    tickets: states.map((row) => {
      const policy = policies.get(row.policy_id);
      return {
        ...row,
        number: Number(row.number),
        open: Number(row.is_open) === 1,
        targets: JSON.parse(row.targets) as StoredTarget[],
        calendar: calendarOf(config, policy ?? { calendarId: null }),
        levels: levelsByPolicy.get(row.policy_id) ?? [],
        fired: firedByTicket.get(row.ticket_id) ?? new Set<string>(),
      };
    }),
  };
}

/**
 * Recomputes the next escalation moment of some tickets from their SLA state (idempotent). Tickets
 * with nothing left to fire (no levels, all fired, met, paused, closed) lose their row.
 * @example
 * await syncEscalations(core, [ticket.id]);
 */
export async function syncEscalations(core: Core, ticketIds: string[], now = new Date(), setup?: SlaSetup) {
  for (let start = 0; start < ticketIds.length; start += chunk) {
    const ids = ticketIds.slice(start, start + chunk);
    const { tickets } = await escalationContext(core.db, ids, setup);
    const next = new Map<string, number>();
    for (const ticket of tickets) {
      if (!ticket.open || ticket.levels.length === 0) continue;
      const first = pendingLevels(ticket.calendar, ticket.levels, ticket.targets, ticket.fired)[0];
      if (first) next.set(ticket.ticket_id, first.at);
    }
    const gone = ids.filter((id) => !next.has(id));
    if (next.size === 0) {
      // The common case (no levels, nothing left to fire): one statement, no transaction.
      await core.db.deleteFrom('sla_escalation_tickets').where('ticket_id', 'in', gone).execute();
      continue;
    }
    await core.db.transaction().execute(async (trx) => {
      if (gone.length > 0) await trx.deleteFrom('sla_escalation_tickets').where('ticket_id', 'in', gone).execute();
      for (const [ticketId, at] of next) {
        const values = { next_escalation_at: toStoredTime(new Date(at)), updated_at: toStoredTime(now) };
        await trx
          .insertInto('sla_escalation_tickets')
          .values({ ticket_id: ticketId, ...values })
          .onConflict((conflict) => conflict.column('ticket_id').doUpdateSet(values))
          .execute();
      }
    });
  }
}

/**
 * Recomputes every covered open ticket's next moment (after levels, policies or calendars changed).
 * Waits (by failing, so the queue retries) while the SLA's own recompute of open tickets is queued,
 * because the due times it reads are about to change.
 */
export async function resyncAllEscalations(core: Core, now = new Date()): Promise<number> {
  const waiting = await core.db
    .selectFrom('jobs')
    .select('id')
    .where('type', '=', 'sla.recompute-open')
    .where('status', '=', 'queued')
    .executeTakeFirst();
  if (waiting) throw new Error('waiting for the SLA recompute of open tickets to finish');
  const withLevels = (db: Db) =>
    db
      .selectFrom('sla_ticket_states')
      .select('sla_ticket_states.ticket_id')
      .where('sla_ticket_states.policy_id', 'in', db.selectFrom('sla_escalations').select('policy_id'));
  await core.db.deleteFrom('sla_escalation_tickets').where('ticket_id', 'not in', withLevels(core.db)).execute();
  const setup = await loadSetup(core.db);
  let after = '';
  let count = 0;
  for (;;) {
    const rows = await withLevels(core.db)
      .innerJoin('tickets', 'tickets.id', 'sla_ticket_states.ticket_id')
      .where('tickets.is_open', '=', 1)
      .where('sla_ticket_states.ticket_id', '>', after)
      .orderBy('sla_ticket_states.ticket_id')
      .limit(2_000)
      .execute();
    if (rows.length === 0) return count;
    await syncEscalations(
      core,
      rows.map((row) => row.ticket_id),
      now,
      setup,
    );
    count += rows.length;
    after = rows.at(-1)!.ticket_id;
  }
}
