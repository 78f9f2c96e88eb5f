import { toStoredTime } from '../../../src/core/db/values.ts';
import { createCalendar, createPolicy } from '../../../src/core/sla/index.ts';
import type { PolicyInput, SlaCalendar, SlaPolicy } from '../../../src/core/sla/index.ts';
import type { TicketStatus } from '../../../src/core/tickets/index.ts';
import { createDeskWorld } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';

export interface SlaWorld extends DeskWorld {
  berlin: SlaCalendar;
}

/** The desk world plus a Berlin office calendar (Mon–Fri 09:00–17:00, 24 and 25 December off). */
export async function createSlaWorld(): Promise<SlaWorld> {
  const world = await createDeskWorld();
  const nineToFive = '09:00-17:00';
  const berlin = await createCalendar(world.core, world.admin, {
    name: 'Berlin office',
    timeZone: 'Europe/Berlin',
    weeklyHours: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, '', ''],
    holidays: '2026-12-24\n2026-12-25',
  });
  return { ...world, berlin };
}

const same = { firstResponse: 60, nextReply: 120, resolution: 960 };

export function policy(world: SlaWorld, input: Partial<PolicyInput> = {}): Promise<SlaPolicy> {
  return createPolicy(world.core, world.admin, {
    name: 'Standard',
    calendarId: world.berlin.id,
    targets: { P1: same, P2: same, P3: same, P4: same },
    ...input,
  });
}

/** Moves a ticket's history to fixed times, as if it had happened then. */
export async function backdate(
  world: SlaWorld,
  ticketId: string,
  times: {
    created: string;
    firstResponded?: string;
    lastCustomerReply?: string;
    statuses?: [TicketStatus, string][];
    agentReplies?: string[];
  },
): Promise<void> {
  const db = world.core.db;
  await db
    .updateTable('tickets')
    .set({
      created_at: toStoredTime(new Date(times.created)),
      updated_at: toStoredTime(new Date(times.created)),
      first_responded_at: times.firstResponded ? toStoredTime(new Date(times.firstResponded)) : null,
      last_customer_reply_at: times.lastCustomerReply ? toStoredTime(new Date(times.lastCustomerReply)) : null,
    })
    .where('id', '=', ticketId)
    .execute();
  await db.deleteFrom('ticket_audit').where('ticket_id', '=', ticketId).where('field', '=', 'status').execute();
  let from: TicketStatus = 'new';
  for (const [index, [to, at]] of (times.statuses ?? []).entries()) {
    await db
      .insertInto('ticket_audit')
      .values({
        id: `${ticketId}-status-${index}`,
        ticket_id: ticketId,
        actor_id: null,
        field: 'status',
        old_value: from,
        new_value: to,
        created_at: toStoredTime(new Date(at)),
        position: index,
      })
      .execute();
    from = to;
  }
  await db.deleteFrom('ticket_messages').where('ticket_id', '=', ticketId).execute();
  for (const [index, at] of (times.agentReplies ?? []).entries()) {
    await db
      .insertInto('ticket_messages')
      .values({
        id: `${ticketId}-reply-${index}`,
        ticket_id: ticketId,
        author_id: world.agent.id,
        body: 'An answer.',
        internal: 0,
        channel: 'portal',
        time_spent_minutes: 0,
        created_at: toStoredTime(new Date(at)),
        position: index,
      })
      .execute();
  }
  await db
    .updateTable('tickets')
    .set({ status: from, is_open: ['new', 'open', 'pending'].includes(from) ? 1 : 0 })
    .where('id', '=', ticketId)
    .execute();
}
