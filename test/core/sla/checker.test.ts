import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSlaDeadlines, installSla, recomputeSla, slaStatesOf } from '../../../src/core/sla/index.ts';
import { createTicket, replyToTicket } from '../../../src/core/tickets/index.ts';
import { ask } from '../tickets/fixtures.ts';
import { backdate, createSlaWorld, policy } from './fixtures.ts';
import type { SlaWorld } from './fixtures.ts';

let world: SlaWorld;
beforeEach(async () => {
  world = await createSlaWorld();
});
afterEach(() => world.core.close());

const created = Date.parse('2026-11-23T10:00:00Z');
const minute = (count: number) => new Date(created + count * 60_000);

async function slaEvents() {
  const rows = await world.core.db
    .selectFrom('event_outbox')
    .select(['type', 'payload'])
    .where('type', 'like', 'sla.%')
    .orderBy('created_at')
    .orderBy('position')
    .execute();
  return rows.map((row) => `${row.type} ${(JSON.parse(row.payload) as { target: string }).target}`);
}

describe('checkSlaDeadlines', () => {
  it('announces at-risk and breached at the right minute, exactly once', async () => {
    // Around the clock: P1 first response in 60 minutes (at risk after 45), resolution in 240 (after 180).
    await policy(world, {
      calendarId: null,
      targets: {
        P1: { firstResponse: 60, resolution: 240 },
        P2: {},
        P3: {},
        P4: {},
      },
    });
    const ticket = await createTicket(world.core, world.agent, {
      requestTypeId: world.question.id,
      subject: 'Payroll down',
      description: 'Nobody gets paid.',
      requesterId: world.casey.id,
      priority: 'P1',
    });
    await backdate(world, ticket.id, { created: minute(0).toISOString() });
    await recomputeSla(world.core, ticket.id, minute(0));

    expect(await checkSlaDeadlines(world.core, minute(44))).toEqual({ atRisk: 0, breached: 0 });
    expect(await checkSlaDeadlines(world.core, minute(45))).toEqual({ atRisk: 1, breached: 0 });
    expect(await checkSlaDeadlines(world.core, minute(46))).toEqual({ atRisk: 0, breached: 0 });
    // A recompute in between (any ticket event) must not forget what was announced.
    await recomputeSla(world.core, ticket.id, minute(50));
    expect(await checkSlaDeadlines(world.core, minute(59))).toEqual({ atRisk: 0, breached: 0 });
    expect(await checkSlaDeadlines(world.core, minute(60))).toEqual({ atRisk: 0, breached: 1 });
    expect(await checkSlaDeadlines(world.core, minute(61))).toEqual({ atRisk: 0, breached: 0 });
    expect(await checkSlaDeadlines(world.core, minute(180))).toEqual({ atRisk: 1, breached: 0 });
    expect(await checkSlaDeadlines(world.core, minute(240))).toEqual({ atRisk: 0, breached: 1 });
    expect(await checkSlaDeadlines(world.core, minute(600))).toEqual({ atRisk: 0, breached: 0 });
    expect(await slaEvents()).toEqual([
      'sla.at_risk first_response',
      'sla.breached first_response',
      'sla.at_risk resolution',
      'sla.breached resolution',
    ]);
    const state = (await slaStatesOf(world.core, [ticket.id], minute(600))).get(ticket.id);
    expect(state?.targets.every((item) => item.breached)).toBe(true);
  });

  it('announces only the breach when a deadline passed before the first check', async () => {
    await policy(world, { calendarId: null });
    const ticket = await ask(world);
    await backdate(world, ticket.id, { created: minute(0).toISOString() });
    await recomputeSla(world.core, ticket.id, minute(0));
    // First response (60 m) is past its deadline; resolution (960 m) is not yet at risk.
    expect(await checkSlaDeadlines(world.core, minute(70))).toEqual({ atRisk: 0, breached: 1 });
    expect(await checkSlaDeadlines(world.core, minute(71))).toEqual({ atRisk: 0, breached: 0 });
    expect(await slaEvents()).toEqual(['sla.breached first_response']);
  });
});

describe('installSla', () => {
  it('keeps the state current from ticket events', async () => {
    await policy(world, { calendarId: null });
    installSla(world.core);
    const ticket = await ask(world);
    await world.core.events.dispatchPending();
    const before = (await slaStatesOf(world.core, [ticket.id])).get(ticket.id);
    expect(before?.targets.find((item) => item.kind === 'first_response')?.met).toBe(false);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'Which printer?', status: 'pending' });
    await world.core.events.dispatchPending();
    const after = (await slaStatesOf(world.core, [ticket.id])).get(ticket.id);
    expect(after?.targets.find((item) => item.kind === 'first_response')?.met).toBe(true);
    expect(after?.paused).toBe(true);
  });
});
