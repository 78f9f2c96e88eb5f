import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime, toStoredTime } from '../db/values.ts';
import type { TicketStatus } from '../tickets/index.ts';
import type { TicketTable } from '../tickets/ticket.table.ts';
import { alwaysOpenCalendar } from './business-time.ts';
import type { BusinessCalendar } from './business-time.ts';
import { rowToCalendar } from './calendars.ts';
import { computeTargets, nextCheckAt } from './clocks.ts';
import type { ClockTicket, StoredTarget } from './clocks.ts';
import { loadPolicies, matchPolicy } from './policies.ts';
import type { SlaPolicy } from './policies.ts';

const chunk = 400;
const time = (value: string | null) => (value === null ? null : fromStoredTime(value).getTime());
export const keySet = (value: string) => new Set(value.split(',').filter(Boolean));

/** The policies and their calendars, loaded once for a batch. */
export interface SlaSetup {
  policies: SlaPolicy[];
  calendars: Map<string, BusinessCalendar>;
}

export async function loadSetup(db: Db): Promise<SlaSetup> {
  const [policies, calendars] = await Promise.all([
    loadPolicies(db),
    db.selectFrom('sla_calendars').selectAll().execute(),
  ]);
  return { policies, calendars: new Map(calendars.map((row) => [row.id, rowToCalendar(row)])) };
}

export function calendarOf(setup: SlaSetup, policy: { calendarId: string | null }): BusinessCalendar {
  return (policy.calendarId && setup.calendars.get(policy.calendarId)) || alwaysOpenCalendar;
}

/** Each ticket's status changes from the audit trail, oldest first: one query for the whole chunk. */
export async function statusChangesOf(db: Db, ids: string[]): Promise<Map<string, { at: number; to: TicketStatus }[]>> {
  const rows = await db
    .selectFrom('ticket_audit')
    .select(['ticket_id', 'new_value', 'created_at'])
    .where('ticket_id', 'in', ids)
    .where('field', '=', 'status')
    .orderBy('created_at')
    .orderBy('position')
    .execute();
  const byTicket = new Map<string, { at: number; to: TicketStatus }[]>();
  for (const row of rows) {
    const list = byTicket.get(row.ticket_id) ?? [];
    list.push({ at: fromStoredTime(row.created_at).getTime(), to: (row.new_value ?? 'new') as TicketStatus });
    byTicket.set(row.ticket_id, list);
  }
  return byTicket;
}

/** Status changes and the latest public agent reply of a chunk of tickets: two queries. */
async function historyOf(db: Db, ids: string[]) {
  const [byTicket, replies] = await Promise.all([
    statusChangesOf(db, ids),
    db
      .selectFrom('ticket_messages')
      .innerJoin('users', 'users.id', 'ticket_messages.author_id')
      .select(['ticket_messages.ticket_id', (eb) => eb.fn.max('ticket_messages.created_at').as('at')])
      .where('ticket_messages.ticket_id', 'in', ids)
      .where('ticket_messages.internal', '=', 0)
      .where('ticket_messages.channel', '!=', 'system')
      .where('users.role', 'in', ['agent', 'admin'])
      .groupBy('ticket_messages.ticket_id')
      .execute(),
  ]);
  return { changes: byTicket, replies: new Map(replies.map((row) => [row.ticket_id, time(row.at as string | null)])) };
}

function clockTicket(row: Selectable<TicketTable>, history: Awaited<ReturnType<typeof historyOf>>): ClockTicket {
  return {
    status: row.status,
    priority: row.priority,
    createdAt: fromStoredTime(row.created_at).getTime(),
    updatedAt: fromStoredTime(row.updated_at).getTime(),
    firstRespondedAt: time(row.first_responded_at),
    lastCustomerReplyAt: time(row.last_customer_reply_at),
    lastAgentReplyAt: history.replies.get(row.id) ?? null,
    resolvedAt: time(row.resolved_at),
    closedAt: time(row.closed_at),
    statusChanges: history.changes.get(row.id) ?? [],
  };
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : toStoredTime(new Date(ms)));
const dueOf = (targets: StoredTarget[], kind: StoredTarget['kind']) =>
  iso(targets.find((item) => item.kind === kind)?.due);

/**
 * Recomputes the SLA state of many tickets from their history (idempotent): a chunk of tickets costs a
 * few queries and one write per ticket. Tickets no policy covers lose their state.
 */
export async function recomputeSlaMany(
  core: Core,
  ticketIds: string[],
  now = new Date(),
  setup?: SlaSetup,
): Promise<void> {
  const config = setup ?? (await loadSetup(core.db));
  for (let start = 0; start < ticketIds.length; start += chunk) {
    const ids = ticketIds.slice(start, start + chunk);
    const [rows, existing, history] = await Promise.all([
      core.db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute(),
      core.db
        .selectFrom('sla_ticket_states')
        .select(['ticket_id', 'at_risk_notified', 'breached_notified'])
        .where('ticket_id', 'in', ids)
        .execute(),
      historyOf(core.db, ids),
    ]);
    const notified = new Map(existing.map((row) => [row.ticket_id, row]));
    const covered = new Set<string>();
    await core.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const policy = matchPolicy(config.policies, {
          requestTypeId: row.request_type_id,
          kind: row.kind,
          organisationId: row.organisation_id,
          groupId: row.group_id,
          priority: row.priority,
        });
        if (!policy) continue;
        const targets = computeTargets(calendarOf(config, policy), policy, clockTicket(row, history));
        if (targets.length === 0) continue;
        covered.add(row.id);
        const keys = new Set(targets.map((item) => item.key));
        // Notices of a finished next-reply cycle are forgotten; the new cycle may be announced again.
        const keep = (value: string | undefined) => [...keySet(value ?? '')].filter((key) => keys.has(key));
        const atRisk = keep(notified.get(row.id)?.at_risk_notified);
        const breached = keep(notified.get(row.id)?.breached_notified);
        const pausedSince = targets.map((item) => item.pausedSince).find((value) => value !== null) ?? null;
        const values = {
          policy_id: policy.id,
          targets: JSON.stringify(targets),
          first_response_due: dueOf(targets, 'first_response'),
          next_reply_due: dueOf(targets, 'next_reply'),
          resolution_due: dueOf(targets, 'resolution'),
          paused_since: iso(pausedSince),
          paused_minutes: Math.max(0, ...targets.map((item) => item.pausedMinutes)),
          first_response_met_at: row.first_responded_at,
          at_risk_notified: atRisk.join(','),
          breached_notified: breached.join(','),
          next_check_at: iso(nextCheckAt(targets, new Set(atRisk), new Set(breached))),
          updated_at: toStoredTime(now),
        };
        await trx
          .insertInto('sla_ticket_states')
          .values({ ticket_id: row.id, ...values })
          .onConflict((conflict) => conflict.column('ticket_id').doUpdateSet(values))
          .execute();
      }
      const uncovered = ids.filter((id) => !covered.has(id) && notified.has(id));
      if (uncovered.length > 0) await trx.deleteFrom('sla_ticket_states').where('ticket_id', 'in', uncovered).execute();
    });
  }
}

/**
 * Recomputes one ticket's SLA state from its history; safe to call any number of times.
 * @example
 * await recomputeSla(core, ticket.id, new Date());
 */
export async function recomputeSla(core: Core, ticketId: string, now = new Date()): Promise<void> {
  await recomputeSlaMany(core, [ticketId], now);
}

/** Recomputes every open ticket (after a policy or calendar changed), a chunk at a time. */
export async function recomputeOpenTickets(core: Core, now = new Date()): Promise<number> {
  const setup = await loadSetup(core.db);
  let after = '';
  let count = 0;
  for (;;) {
    const rows = await core.db
      .selectFrom('tickets')
      .select('id')
      .where('is_open', '=', 1)
      .where('id', '>', after)
      .orderBy('id')
      .limit(2_000)
      .execute();
    if (rows.length === 0) return count;
    await recomputeSlaMany(
      core,
      rows.map((row) => row.id),
      now,
      setup,
    );
    count += rows.length;
    after = rows.at(-1)!.id;
  }
}
