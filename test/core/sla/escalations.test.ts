import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addEscalationLevel,
  deleteEscalationLevel,
  installEscalations,
  installSla,
  listEscalationLevels,
  recomputeSla,
  runEscalations,
  syncEscalations,
} from '../../../src/core/sla/index.ts';
import type { EscalationInput, PolicyInput } from '../../../src/core/sla/index.ts';
import { createTicket, getTicket, ticketHistory } from '../../../src/core/tickets/index.ts';
import type { NewTicket, Ticket } from '../../../src/core/tickets/index.ts';
import { createGroup } from '../../../src/core/users/index.ts';
import { backdate, createSlaWorld, policy } from './fixtures.ts';
import type { SlaWorld } from './fixtures.ts';

let world: SlaWorld;
beforeEach(async () => {
  world = await createSlaWorld();
});
afterEach(() => world.core.close());

const created = Date.parse('2026-11-23T10:00:00Z');
const minute = (count: number) => new Date(created + count * 60_000);
const iso = (count: number) => minute(count).toISOString();

/** A 24×7 policy (unless told otherwise) with the given levels. */
async function withLevels(levels: EscalationInput[], input: Partial<PolicyInput> = {}) {
  const created = await policy(world, { calendarId: null, ...input });
  for (const level of levels) await addEscalationLevel(world.core, world.admin, created.id, level);
  return created;
}

function ticket(input: Partial<NewTicket> = {}): Promise<Ticket> {
  return createTicket(world.core, world.agent, {
    requestTypeId: world.question.id,
    subject: 'Payroll export fails',
    description: 'Since this morning.',
    requesterId: world.casey.id,
    priority: 'P4',
    ...input,
  });
}

/** Rewrites the ticket's history and brings its SLA state and next escalation moment up to date. */
async function history(id: string, times: Parameters<typeof backdate>[2], now: Date) {
  await backdate(world, id, times);
  await recomputeSla(world.core, id, now);
  await syncEscalations(world.core, [id], now);
}

async function fired(now: Date) {
  return (await runEscalations(world.core, now)).fired;
}

async function mails() {
  const rows = await world.core.db
    .selectFrom('jobs')
    .select(['payload'])
    .where('type', '=', 'mail.send')
    .orderBy('created_at')
    .execute();
  return rows.map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string });
}

describe('runEscalations', () => {
  it('fires a level before the deadline at its minute, once', async () => {
    // Resolution in 240 minutes; the level 30 minutes before it: at minute 210.
    await withLevels([{ target: 'resolution', offsetMinutes: '-30m', notifyAssignee: true }], {
      targets: { P1: {}, P2: {}, P3: {}, P4: { resolution: 240 } },
    });
    const { id, number } = await ticket({ assigneeId: world.otherAgent.id });
    await history(id, { created: iso(0) }, minute(0));

    expect(await fired(minute(209))).toBe(0);
    expect(await fired(minute(210))).toBe(1);
    expect(await fired(minute(211))).toBe(0);
    expect(await fired(minute(500))).toBe(0);
    const sent = await mails();
    expect(sent.map((mail) => mail.to)).toEqual(['sam@portico.example']);
    expect(sent[0]!.subject).toContain('Escalation: resolution due soon');
    expect(sent[0]!.text).toContain('resolution, 30 business min before the deadline');
    expect(sent[0]!.text).toMatch(/\/desk\/tickets\/\d+$/m);
    const entries = await ticketHistory(world.core, world.admin, number);
    expect(entries?.filter((entry) => entry.field === 'escalation').map((entry) => entry.to)).toEqual([
      'Escalation level: resolution, 30 business min before the deadline',
    ]);
  });

  it('fires a level after the deadline in business time, once', async () => {
    // Berlin 09:00–17:00: created Friday 16:30, first response (60 min) due Monday 09:30, the level at 10:30.
    await withLevels([{ target: 'first_response', offsetMinutes: '+1h', notifyGroupLeads: true }], {
      calendarId: world.berlin.id,
      targets: { P1: {}, P2: {}, P3: {}, P4: { firstResponse: 60 } },
    });
    const { id } = await ticket({ groupId: world.desk.id });
    await history(id, { created: '2026-11-27T15:30:00Z' }, new Date('2026-11-27T15:30:00Z'));

    expect(await fired(new Date('2026-11-28T12:00:00Z'))).toBe(0);
    expect(await fired(new Date('2026-11-30T09:29:00Z'))).toBe(0);
    expect(await fired(new Date('2026-11-30T09:30:00Z'))).toBe(1);
    expect(await fired(new Date('2026-11-30T12:00:00Z'))).toBe(0);
    // The group's lead is Avery.
    expect((await mails()).map((mail) => mail.to)).toEqual(['avery@portico.example']);
    expect((await mails())[0]!.subject).toContain('Escalation: first response overdue');
  });

  it('waits for the deadline extended by a pause', async () => {
    await withLevels([{ target: 'resolution', offsetMinutes: -30, notifyAssignee: true }], {
      targets: { P1: {}, P2: {}, P3: {}, P4: { resolution: 240 } },
    });
    const { id } = await ticket({ assigneeId: world.agent.id });
    // Pending from minute 100: the clock stands, so nothing fires at 210 while it waits.
    await history(id, { created: iso(0), statuses: [['pending', iso(100)]] }, minute(150));
    expect(await fired(minute(215))).toBe(0);
    // Open again at 200 after 100 minutes: due at 340, the level at 310 (its first moment has passed).
    await history(
      id,
      {
        created: iso(0),
        statuses: [
          ['pending', iso(100)],
          ['open', iso(200)],
        ],
      },
      minute(220),
    );
    expect(await fired(minute(221))).toBe(0);
    expect(await fired(minute(309))).toBe(0);
    expect(await fired(minute(310))).toBe(1);
    expect(await fired(minute(311))).toBe(0);
  });

  it('raises the priority and reassigns the group, with history', async () => {
    const second = await createGroup(world.core, world.admin, { name: 'Second line', description: '' });
    await withLevels(
      [
        { target: 'first_response', offsetMinutes: 0, raisePriority: true, reassignGroupId: second.id },
        { target: 'first_response', offsetMinutes: 60, raisePriority: true },
      ],
      { targets: { P1: {}, P2: { firstResponse: 60 }, P3: { firstResponse: 60 }, P4: { firstResponse: 60 } } },
    );
    const created = await ticket({ groupId: world.desk.id, priority: 'P3' });
    await history(created.id, { created: iso(0) }, minute(0));

    expect(await fired(minute(60))).toBe(1);
    let now = await getTicket(world.core, world.admin, created.number);
    expect(now?.ticket.priority).toBe('P2');
    expect(now?.ticket.groupId).toBe(second.id);
    // The priority change restarts the SLA state (same 60 minutes here); the second level fires an hour on.
    await recomputeSla(world.core, created.id, minute(61));
    await syncEscalations(world.core, [created.id], minute(61));
    expect(await fired(minute(120))).toBe(1);
    now = await getTicket(world.core, world.admin, created.number);
    expect(now?.ticket.priority).toBe('P1');

    const entries = (await ticketHistory(world.core, world.admin, created.number)) ?? [];
    const changes = entries
      .filter((entry) => ['escalation', 'priority', 'group'].includes(entry.field))
      .map((entry) => `${entry.field}: ${entry.from ?? ''} → ${entry.to ?? ''}`);
    expect(changes).toEqual([
      'escalation:  → Escalation level: first response, at the deadline',
      'priority: P3 → P2',
      'group: Service Desk → Second line',
      'escalation:  → Escalation level: first response, 60 business min after the deadline',
      'priority: P2 → P1',
    ]);
  });

  it('never raises above P1', async () => {
    await withLevels([{ target: 'resolution', offsetMinutes: 0, raisePriority: true }]);
    const created = await ticket({ priority: 'P1' });
    await history(created.id, { created: iso(0) }, minute(0));
    expect(await fired(minute(960))).toBe(1);
    expect((await getTicket(world.core, world.admin, created.number))?.ticket.priority).toBe('P1');
  });

  it('queues one mail per recipient', async () => {
    // Sam is assigned, Avery leads the group and is also named: two mails, not three.
    await withLevels([
      {
        target: 'first_response',
        offsetMinutes: 0,
        notifyAssignee: true,
        notifyGroupLeads: true,
        notifyUserId: world.agent.id,
      },
    ]);
    const { id } = await ticket({ groupId: world.desk.id, assigneeId: world.otherAgent.id });
    await history(id, { created: iso(0) }, minute(0));
    expect(await fired(minute(60))).toBe(1);
    expect((await mails()).map((mail) => mail.to).sort()).toEqual(['avery@portico.example', 'sam@portico.example']);
  });

  it('fires a next-reply level again in each new cycle', async () => {
    await withLevels([{ target: 'next_reply', offsetMinutes: 0, notifyAssignee: true }]);
    const { id } = await ticket({ assigneeId: world.agent.id });
    // Answered at 10; the customer wrote at 20: next reply due at 140.
    const first = { created: iso(0), firstResponded: iso(10), agentReplies: [iso(10)], lastCustomerReply: iso(20) };
    await history(id, first, minute(20));
    expect(await fired(minute(139))).toBe(0);
    expect(await fired(minute(140))).toBe(1);
    expect(await fired(minute(141))).toBe(0);
    // Answered at 150; the customer wrote again at 200: a new cycle, due at 320.
    await history(id, { ...first, agentReplies: [iso(10), iso(150)], lastCustomerReply: iso(200) }, minute(200));
    expect(await fired(minute(319))).toBe(0);
    expect(await fired(minute(320))).toBe(1);
    expect(await fired(minute(400))).toBe(0);
    expect(await mails()).toHaveLength(2);
  });
});

describe('addEscalationLevel', () => {
  it('refuses a level without actions and an unknown offset', async () => {
    const created = await policy(world);
    await expect(
      addEscalationLevel(world.core, world.admin, created.id, { target: 'resolution', offsetMinutes: 0 }),
    ).rejects.toThrow('Choose at least one action.');
    await expect(
      addEscalationLevel(world.core, world.admin, created.id, {
        target: 'resolution',
        offsetMinutes: 'soon',
        notifyAssignee: true,
      }),
    ).rejects.toThrow('Write an offset like -30m (before the deadline) or +1h (after).');
    await expect(
      addEscalationLevel(world.core, world.agent, created.id, {
        target: 'resolution',
        offsetMinutes: 0,
        notifyAssignee: true,
      }),
    ).rejects.toThrow();
  });

  it('lists and removes levels', async () => {
    const created = await withLevels([
      { target: 'resolution', offsetMinutes: 60, notifyAssignee: true },
      { target: 'resolution', offsetMinutes: '-1h 30m', notifyAssignee: true },
    ]);
    const levels = await listEscalationLevels(world.core, world.agent, created.id);
    expect(levels.map((level) => level.offsetMinutes)).toEqual([-90, 60]);
    await deleteEscalationLevel(world.core, world.admin, created.id, levels[0]!.id);
    expect(await listEscalationLevels(world.core, world.admin, created.id)).toHaveLength(1);
  });
});

describe('installEscalations', () => {
  it('keeps the next moment current from ticket events and the resync job', async () => {
    installSla(world.core);
    installEscalations(world.core);
    const created = await policy(world, { calendarId: null });
    await world.core.jobs.runDue();
    const { id } = await ticket({ assigneeId: world.agent.id });
    await world.core.events.dispatchPending();
    const next = () =>
      world.core.db.selectFrom('sla_escalation_tickets').selectAll().where('ticket_id', '=', id).executeTakeFirst();
    // No levels yet: nothing to wait for.
    expect(await next()).toBeUndefined();
    await addEscalationLevel(world.core, world.admin, created.id, {
      target: 'first_response',
      offsetMinutes: 0,
      notifyAssignee: true,
    });
    await world.core.jobs.runDue();
    const row = await next();
    const ticketRow = await world.core.db
      .selectFrom('tickets')
      .select('created_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Date.parse(row!.next_escalation_at) - Date.parse(ticketRow.created_at)).toBe(60 * 60_000);
  });
});
