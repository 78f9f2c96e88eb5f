import type { Core } from '../context.ts';
import { nowStored, toStoredTime } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { enqueueJob } from '../jobs/index.ts';
import type { Priority } from '../catalog/index.ts';
import { recordTicketHistory, updateTicket } from '../tickets/index.ts';
import type { TicketPatch } from '../tickets/index.ts';
import { systemActor } from '../users/index.ts';
import type { StoredTarget } from './clocks.ts';
import { requestEscalationResync, escalationResyncJobType } from './escalations-levels.ts';
import type { EscalationLevel } from './escalations-levels.ts';
import { escalationContext, pendingLevels, syncEscalations } from './escalations-sync.ts';

const batchSize = 200;
const targetNames = { first_response: 'first response', next_reply: 'next reply', resolution: 'resolution' };
const raised: Record<Priority, Priority> = { P4: 'P3', P3: 'P2', P2: 'P1', P1: 'P1' };

/** "resolution, 30 min before the deadline" — for history entries and mail. */
export function describeLevel(level: Pick<EscalationLevel, 'target' | 'offsetMinutes'>): string {
  const minutes = Math.abs(level.offsetMinutes);
  const when =
    level.offsetMinutes === 0
      ? 'at the deadline'
      : `${minutes} business min ${level.offsetMinutes < 0 ? 'before' : 'after'} the deadline`;
  return `${targetNames[level.target]}, ${when}`;
}

type Ticket = Awaited<ReturnType<typeof escalationContext>>['tickets'][number];

async function recipients(core: Core, ticket: Ticket, level: EscalationLevel): Promise<string[]> {
  const { notifyAssignee, notifyGroupLeads, notifyUserId } = level.actions;
  const ids = [notifyAssignee && ticket.assignee_id, notifyUserId].filter((id): id is string => Boolean(id));
  const emails = new Set<string>();
  if (ids.length > 0) {
    const users = await core.db
      .selectFrom('users')
      .select('email')
      .where('id', 'in', ids)
      .where('active', '=', 1)
      .where('role', 'in', ['agent', 'admin'])
      .execute();
    for (const user of users) emails.add(user.email);
  }
  if (notifyGroupLeads && ticket.group_id) {
    const leads = await core.db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .select('users.email')
      .where('group_members.group_id', '=', ticket.group_id)
      .where('group_members.is_lead', '=', 1)
      .where('users.active', '=', 1)
      .execute();
    for (const lead of leads) emails.add(lead.email);
  }
  return [...emails].sort();
}

function mailText(core: Core, ticket: Ticket, level: EscalationLevel, target: StoredTarget, changes: string[]) {
  const due = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ticket.calendar.timeZone,
  }).format(new Date(target.due));
  const link = new URL(`/desk/tickets/${ticket.number}`, core.config.publicUrl).href;
  return [
    `PT-${ticket.number} "${ticket.subject}" reached an escalation level: ${describeLevel(level)}.`,
    '',
    `${targetNames[level.target].replace(/^./, (c) => c.toUpperCase())} due: ${due} (${ticket.calendar.timeZone})`,
    ...changes,
    '',
    `Open the ticket: ${link}`,
  ].join('\n');
}

/** Fires one level for one ticket: exactly once (the fired row is the claim), then the ticket changes. */
async function fire(core: Core, ticket: Ticket, level: EscalationLevel, target: StoredTarget): Promise<boolean> {
  const { raisePriority, reassignGroupId } = level.actions;
  const patch: TicketPatch = {};
  const changes: string[] = [];
  if (ticket.open && raisePriority && raised[ticket.priority] !== ticket.priority) {
    patch.priority = raised[ticket.priority];
    changes.push(`Priority raised to ${patch.priority}.`);
  }
  if (ticket.open && reassignGroupId && reassignGroupId !== ticket.group_id) {
    patch.groupId = reassignGroupId;
    const group = await core.db
      .selectFrom('groups')
      .select('name')
      .where('id', '=', reassignGroupId)
      .executeTakeFirst();
    changes.push(`Reassigned to the group ${group?.name ?? reassignGroupId}.`);
  }
  const emails = await recipients(core, ticket, level);
  const claimed = await core.db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto('sla_escalations_fired')
      .values({ ticket_id: ticket.ticket_id, level_id: level.id, target_key: target.key, fired_at: nowStored() })
      .onConflict((conflict) => conflict.columns(['ticket_id', 'level_id', 'target_key']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await recordTicketHistory(trx, ticket.ticket_id, null, [
      { field: 'escalation', from: null, to: `Escalation level: ${describeLevel(level)}` },
    ]);
    const subject = `[PT-${ticket.number}] Escalation: ${targetNames[level.target]} ${
      level.offsetMinutes < 0 ? 'due soon' : 'overdue'
    } — ${ticket.subject}`.slice(0, 250);
    const text = mailText(core, ticket, level, target, changes);
    for (const to of emails) {
      await enqueueJob(
        trx,
        'mail.send',
        { to, subject, text },
        { dedupeKey: `sla.escalation:${ticket.ticket_id}:${level.id}:${target.key}:${to}` },
      );
    }
    return true;
  });
  if (!claimed) return false;
  if (patch.priority !== undefined || patch.groupId !== undefined) {
    try {
      const updated = await updateTicket(core, systemActor, ticket.number, patch);
      ticket.priority = updated.priority;
      ticket.group_id = updated.groupId;
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      core.log.warn(
        { err: error, ticketId: ticket.ticket_id, levelId: level.id },
        'escalation could not change the ticket',
      );
    }
  }
  return true;
}

/**
 * Fires the escalation levels whose moment has passed, once per ticket, level and target cycle. Reads
 * only the tickets whose indexed next_escalation_at has passed, so a quiet minute costs one index probe
 * (plus two tiny queries that notice policy or calendar changes and queue a resync). Run it every minute.
 * @example
 * const { fired } = await runEscalations(core, new Date());
 */
export async function runEscalations(core: Core, now = new Date()): Promise<{ fired: number }> {
  await noticeConfigChanges(core);
  let fired = 0;
  const seen = new Set<string>();
  for (;;) {
    const rows = await core.db
      .selectFrom('sla_escalation_tickets')
      .select('ticket_id')
      .where('next_escalation_at', '<=', toStoredTime(now))
      .orderBy('next_escalation_at')
      .limit(batchSize)
      .execute();
    const ids = rows.map((row) => row.ticket_id).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    for (const id of ids) seen.add(id);
    const { tickets } = await escalationContext(core.db, ids);
    for (const ticket of tickets) {
      if (!ticket.open) continue;
      for (const item of pendingLevels(ticket.calendar, ticket.levels, ticket.targets, ticket.fired)) {
        if (item.at > now.getTime()) break;
        if (await fire(core, ticket, item.level, item.target)) fired++;
      }
    }
    // Moves each row's moment past `now` (or removes it), so the loop drains.
    await syncEscalations(core, ids, now);
  }
  if (fired > 0) core.events.dispatchSoon();
  return { fired };
}

/** Policies and calendars changed (the SLA recomputes due times without ticket events): queue one resync. */
async function noticeConfigChanges(core: Core): Promise<void> {
  const [policies, calendars] = await Promise.all(
    (['sla_policies', 'sla_calendars'] as const).map((table) =>
      core.db
        .selectFrom(table)
        .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('updated_at').as('latest')])
        .executeTakeFirstOrThrow(),
    ),
  );
  const mark = [policies, calendars].map((row) => `${Number(row!.count)}@${row!.latest ?? '-'}`).join('/');
  await requestEscalationResync(core.db, `${escalationResyncJobType}:${mark}`);
}
