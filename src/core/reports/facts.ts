// The per-ticket facts the reports read, computed from a ticket's row, status history, replies and SLA
// state. Events and the full rebuild share computeFacts, so the two can never disagree.
import type { Insertable, Selectable } from 'kysely';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime, nowStored, toStoredTime } from '../db/values.ts';
import { alwaysOpenCalendar, businessMinutesBetween, statusChangesOf } from '../sla/index.ts';
import type { BusinessCalendar } from '../sla/index.ts';
import type { TicketStatus } from '../tickets/index.ts';
import type { TicketTable } from '../tickets/ticket.table.ts';
import type { ReportOpenSpanTable, ReportTicketFactTable } from './report.table.ts';

const chunk = 400;
const openStatuses: readonly string[] = ['new', 'open', 'pending'];
// The SLA clocks stand in these statuses (see src/core/sla/clocks.ts pausesOf); so does resolution time.
const standing: readonly string[] = ['pending', 'resolved', 'closed'];

/** The subset of an SLA state's stored target (JSON) the reports read. */
interface StoredTarget {
  kind: 'first_response' | 'next_reply' | 'resolution';
  due: number;
  metAt: number | null;
  pausedMinutes: number;
  pausedSince: number | null;
}

interface Change {
  at: number;
  to: string;
}

export interface ComputedFacts {
  facts: Insertable<ReportTicketFactTable>[];
  spans: Insertable<ReportOpenSpanTable>[];
}

const ms = (value: string) => fromStoredTime(value).getTime();
const iso = (value: number) => toStoredTime(new Date(value));

/** Calendars by SLA policy, loaded once per batch (read-only). */
async function policyCalendars(db: Db): Promise<Map<string, BusinessCalendar>> {
  const [policies, calendars] = await Promise.all([
    db.selectFrom('sla_policies').select(['id', 'calendar_id']).execute(),
    db.selectFrom('sla_calendars').selectAll().execute(),
  ]);
  const byId = new Map<string, BusinessCalendar>(
    calendars.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        timeZone: row.time_zone,
        weeklyHours: JSON.parse(row.weekly_hours) as [number, number][][],
        holidays: JSON.parse(row.holidays) as string[],
      },
    ]),
  );
  return new Map(policies.map((row) => [row.id, (row.calendar_id && byId.get(row.calendar_id)) || alwaysOpenCalendar]));
}

/** The status history as the SLA clocks read it: a ticket imported without audit gets one final change. */
function statusChanges(row: Selectable<TicketTable>, audited: Change[], doneAt: number | null): Change[] {
  const changes = [...audited];
  if ((changes.at(-1)?.to ?? 'new') !== row.status) {
    changes.push({ at: doneAt ?? ms(row.updated_at), to: row.status });
  }
  return changes;
}

/** Business milliseconds the clocks stood before `until`: pending, and resolved/closed before a reopen. */
function pausedMinutesBefore(calendar: BusinessCalendar, changes: Change[], until: number): number {
  let total = 0;
  let status = 'new';
  let since: number | null = null;
  for (const change of changes) {
    if (change.at > until) break;
    const was = standing.includes(status);
    const is = standing.includes(change.to);
    if (!was && is) since = change.at;
    if (was && !is && since !== null) {
      total += businessMinutesBetween(calendar, new Date(since), new Date(change.at));
      since = null;
    }
    status = change.to;
  }
  if (since !== null && since < until) total += businessMinutesBetween(calendar, new Date(since), new Date(until));
  return total;
}

function spansOf(ticketId: string, createdAt: number, changes: Change[]): Insertable<ReportOpenSpanTable>[] {
  const spans: Insertable<ReportOpenSpanTable>[] = [
    { ticket_id: ticketId, seq: 0, opened_at: iso(createdAt), closed_at: null },
  ];
  let open = true;
  for (const change of changes) {
    const isOpen = openStatuses.includes(change.to);
    if (open && !isOpen) spans.at(-1)!.closed_at = iso(change.at);
    if (!open && isOpen)
      spans.push({ ticket_id: ticketId, seq: spans.length, opened_at: iso(change.at), closed_at: null });
    open = isOpen;
  }
  return spans;
}

/**
 * The facts of a chunk of tickets: four queries, then pure computation.
 * Resolution time leaves out the business minutes the SLA clocks stood. Where the SLA state has a
 * resolution target met within its deadline, its pausedMinutes is used as it is; otherwise (no SLA, no
 * resolution target, or a breach — the SLA stops counting pauses once its deadline passed) the same
 * rule is walked over the status history.
 */
export async function computeFacts(
  db: Db,
  ticketIds: string[],
  calendars?: Map<string, BusinessCalendar>,
): Promise<ComputedFacts> {
  const facts: Insertable<ReportTicketFactTable>[] = [];
  const spans: Insertable<ReportOpenSpanTable>[] = [];
  if (ticketIds.length === 0) return { facts, spans };
  const [rows, history, replies, states, byPolicy] = await Promise.all([
    db.selectFrom('tickets').selectAll().where('id', 'in', ticketIds).execute(),
    statusChangesOf(db, ticketIds),
    db
      .selectFrom('ticket_messages')
      .innerJoin('users', 'users.id', 'ticket_messages.author_id')
      .select(['ticket_messages.ticket_id', (eb) => eb.fn.countAll().as('n')])
      .where('ticket_messages.ticket_id', 'in', ticketIds)
      .where('ticket_messages.internal', '=', 0)
      .where('ticket_messages.channel', '!=', 'system')
      .where('users.role', 'in', ['agent', 'admin'])
      .groupBy('ticket_messages.ticket_id')
      .execute(),
    db
      .selectFrom('sla_ticket_states')
      .select(['ticket_id', 'policy_id', 'targets'])
      .where('ticket_id', 'in', ticketIds)
      .execute(),
    calendars ? Promise.resolve(calendars) : policyCalendars(db),
  ]);
  const replyCount = new Map(replies.map((row) => [row.ticket_id, Number(row.n)]));
  const stateOf = new Map(states.map((row) => [row.ticket_id, row]));
  const updatedAt = nowStored();

  for (const row of rows) {
    const state = stateOf.get(row.id);
    const calendar = (state && byPolicy.get(state.policy_id)) || alwaysOpenCalendar;
    const targets = state ? (JSON.parse(state.targets) as StoredTarget[]) : [];
    const firstTarget = targets.find((item) => item.kind === 'first_response');
    const resolutionTarget = targets.find((item) => item.kind === 'resolution');
    const created = ms(row.created_at);
    const status = row.status as TicketStatus;
    const doneText = status === 'resolved' || status === 'closed' ? (row.resolved_at ?? row.closed_at) : null;
    const done = doneText === null ? null : ms(doneText);
    const changes = statusChanges(row, history.get(row.id) ?? [], done);
    const ticketSpans = spansOf(row.id, created, changes);
    spans.push(...ticketSpans);

    let resolutionMinutes: number | null = null;
    let resolutionMet: number | null = null;
    if (done !== null) {
      const slaPaused =
        resolutionTarget && resolutionTarget.metAt !== null && resolutionTarget.metAt <= resolutionTarget.due
          ? resolutionTarget.pausedMinutes
          : null;
      const paused = slaPaused ?? pausedMinutesBefore(calendar, changes, done);
      resolutionMinutes = Math.max(0, businessMinutesBetween(calendar, new Date(created), new Date(done)) - paused);
      if (resolutionTarget)
        resolutionMet = resolutionTarget.metAt !== null && resolutionTarget.metAt <= resolutionTarget.due ? 1 : 0;
    }
    const responded = row.first_responded_at === null ? null : ms(row.first_responded_at);
    facts.push({
      ticket_id: row.id,
      created_at: row.created_at,
      done_at: done === null ? null : iso(done),
      group_id: row.group_id,
      assignee_id: row.assignee_id,
      request_type_id: row.request_type_id,
      priority: row.priority,
      kind: row.kind,
      first_responded_at: row.first_responded_at,
      first_response_minutes:
        responded === null ? null : businessMinutesBetween(calendar, new Date(created), new Date(responded)),
      first_response_due: firstTarget ? iso(firstTarget.due) : null,
      first_response_met: firstTarget && responded !== null ? (responded <= firstTarget.due ? 1 : 0) : null,
      resolution_minutes: resolutionMinutes,
      resolution_due: resolutionTarget ? iso(resolutionTarget.due) : null,
      resolution_paused: done === null && resolutionTarget?.pausedSince != null ? 1 : 0,
      resolution_met: resolutionMet,
      agent_replies: replyCount.get(row.id) ?? 0,
      reopen_count: ticketSpans.length - 1,
      updated_at: updatedAt,
    });
  }
  return { facts, spans };
}

/** Replaces the facts and spans of the given tickets in one transaction. */
export async function writeFacts(db: Db, ticketIds: string[], computed: ComputedFacts): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('report_open_spans').where('ticket_id', 'in', ticketIds).execute();
    for (const fact of computed.facts) {
      const values: Partial<typeof fact> = { ...fact };
      delete values.ticket_id;
      await trx
        .insertInto('report_ticket_facts')
        .values(fact)
        .onConflict((conflict) => conflict.column('ticket_id').doUpdateSet(values))
        .execute();
    }
    // Spans in batches: a few hundred tickets make a few hundred rows.
    for (let start = 0; start < computed.spans.length; start += 200) {
      await trx
        .insertInto('report_open_spans')
        .values(computed.spans.slice(start, start + 200))
        .execute();
    }
  });
}

/** Recomputes the facts of some tickets (idempotent), a chunk at a time. */
export async function refreshFacts(core: Core, ticketIds: string[]): Promise<void> {
  const calendars = ticketIds.length > chunk ? await policyCalendars(core.db) : undefined;
  for (let start = 0; start < ticketIds.length; start += chunk) {
    const ids = ticketIds.slice(start, start + chunk);
    await writeFacts(core.db, ids, await computeFacts(core.db, ids, calendars));
  }
}

/**
 * Rebuilds every ticket's report facts from the tickets, their history and SLA states (idempotent).
 * Used by the backfill job after the migration, and by tests to check the event-kept facts.
 * @example
 * const { tickets } = await rebuildReportFacts(core);
 */
export async function rebuildReportFacts(
  core: Core,
  options: { onProgress?: (done: number) => void } = {},
): Promise<{ tickets: number }> {
  const calendars = await policyCalendars(core.db);
  let after = '';
  let count = 0;
  for (;;) {
    const rows = await core.db
      .selectFrom('tickets')
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .limit(chunk)
      .execute();
    if (rows.length === 0) break;
    const ids = rows.map((row) => row.id);
    await writeFacts(core.db, ids, await computeFacts(core.db, ids, calendars));
    count += ids.length;
    after = ids.at(-1)!;
    options.onProgress?.(count);
  }
  return { tickets: count };
}
