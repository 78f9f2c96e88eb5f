import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recomputeSla, slaStatesOf } from '../../../src/core/sla/index.ts';
import type { SlaState } from '../../../src/core/sla/index.ts';
import { updateTicket } from '../../../src/core/tickets/index.ts';
import { ask } from '../tickets/fixtures.ts';
import { backdate, createSlaWorld, policy } from './fixtures.ts';
import type { SlaWorld } from './fixtures.ts';

let world: SlaWorld;
beforeEach(async () => {
  world = await createSlaWorld();
});
afterEach(() => world.core.close());

function target(state: SlaState | undefined, kind: string) {
  return state?.targets.find((item) => item.kind === kind);
}

async function stateAt(ticketId: string, now: string): Promise<SlaState | undefined> {
  await recomputeSla(world.core, ticketId, new Date(now));
  return (await slaStatesOf(world.core, [ticketId], new Date(now))).get(ticketId);
}

describe('recomputeSla', () => {
  it('sets due times across a holiday and a weekend in the calendar zone', async () => {
    await policy(world);
    const ticket = await ask(world);
    // Wednesday 23 Dec 2026, 15:00 in Berlin; 24 and 25 December are holidays.
    await backdate(world, ticket.id, { created: '2026-12-23T14:00:00Z' });
    const state = await stateAt(ticket.id, '2026-12-23T14:10:00Z');
    expect(state?.policyName).toBe('Standard');
    expect(target(state, 'first_response')?.due.toISOString()).toBe('2026-12-23T15:00:00.000Z');
    // 960 business minutes: 2 h on Wednesday, 8 h on Monday 28th, 6 h on Tuesday 29th.
    expect(target(state, 'resolution')?.due.toISOString()).toBe('2026-12-29T14:00:00.000Z');
    expect(target(state, 'next_reply')).toBeUndefined();
  });

  it('extends the resolution deadline by the business time spent pending', async () => {
    await policy(world);
    const ticket = await ask(world);
    await backdate(world, ticket.id, {
      created: '2026-12-23T14:00:00Z',
      firstResponded: '2026-12-23T14:30:00Z',
      agentReplies: ['2026-12-23T14:30:00Z'],
      // Pending from Wednesday 15:30 until the customer answers on Monday 28th at 10:00 (Berlin).
      statuses: [
        ['open', '2026-12-23T14:30:00Z'],
        ['pending', '2026-12-23T14:30:00Z'],
      ],
    });
    const waiting = await stateAt(ticket.id, '2026-12-24T12:00:00Z');
    expect(waiting?.paused).toBe(true);
    expect(target(waiting, 'resolution')?.paused).toBe(true);
    expect(target(waiting, 'first_response')).toMatchObject({ met: true, breached: false });

    await backdate(world, ticket.id, {
      created: '2026-12-23T14:00:00Z',
      firstResponded: '2026-12-23T14:30:00Z',
      lastCustomerReply: '2026-12-28T09:00:00Z',
      agentReplies: ['2026-12-23T14:30:00Z'],
      statuses: [
        ['open', '2026-12-23T14:30:00Z'],
        ['pending', '2026-12-23T14:30:00Z'],
        ['open', '2026-12-28T09:00:00Z'],
      ],
    });
    const resumed = await stateAt(ticket.id, '2026-12-28T09:30:00Z');
    expect(resumed?.paused).toBe(false);
    // Paused 90 minutes on Wednesday and 60 on Monday: Tuesday 15:00 + 150 → Wednesday 30th 09:30 CET.
    expect(target(resumed, 'resolution')).toMatchObject({ pausedMinutes: 150, breached: false });
    expect(target(resumed, 'resolution')?.due.toISOString()).toBe('2026-12-30T08:30:00.000Z');
  });

  it('restarts the next-reply clock at each customer message', async () => {
    await policy(world);
    const ticket = await ask(world);
    const history = {
      created: '2026-11-23T08:00:00Z',
      firstResponded: '2026-11-23T08:30:00Z',
      agentReplies: ['2026-11-23T08:30:00Z'],
      statuses: [['open', '2026-11-23T08:30:00Z']] as ['open', string][],
    };
    await backdate(world, ticket.id, { ...history, lastCustomerReply: '2026-11-23T09:00:00Z' });
    const first = await stateAt(ticket.id, '2026-11-23T09:10:00Z');
    expect(target(first, 'next_reply')?.due.toISOString()).toBe('2026-11-23T11:00:00.000Z');

    await backdate(world, ticket.id, { ...history, lastCustomerReply: '2026-11-23T12:00:00Z' });
    const second = await stateAt(ticket.id, '2026-11-23T12:10:00Z');
    expect(target(second, 'next_reply')).toMatchObject({ met: false });
    expect(target(second, 'next_reply')?.due.toISOString()).toBe('2026-11-23T14:00:00.000Z');

    await backdate(world, ticket.id, {
      ...history,
      lastCustomerReply: '2026-11-23T12:00:00Z',
      agentReplies: ['2026-11-23T08:30:00Z', '2026-11-23T13:00:00Z'],
    });
    expect(target(await stateAt(ticket.id, '2026-11-23T13:10:00Z'), 'next_reply')).toMatchObject({
      met: true,
      breached: false,
    });
  });

  it('recomputes the targets from creation when the priority changes', async () => {
    await policy(world, {
      targets: {
        P1: { firstResponse: 30, resolution: 240 },
        P2: { firstResponse: 60 },
        P3: { firstResponse: 120 },
        P4: { firstResponse: 480 },
      },
    });
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, { priority: 'P4' });
    await backdate(world, ticket.id, { created: '2026-11-23T08:00:00Z', statuses: [['open', '2026-11-23T08:00:00Z']] });
    expect(target(await stateAt(ticket.id, '2026-11-23T08:05:00Z'), 'first_response')?.due.toISOString()).toBe(
      '2026-11-23T16:00:00.000Z',
    );
    await world.core.db.updateTable('tickets').set({ priority: 'P1' }).where('id', '=', ticket.id).execute();
    const raised = await stateAt(ticket.id, '2026-11-23T08:05:00Z');
    expect(target(raised, 'first_response')?.due.toISOString()).toBe('2026-11-23T08:30:00.000Z');
    expect(target(raised, 'resolution')?.due.toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });

  it('removes the state of a ticket no policy covers', async () => {
    await policy(world, { conditions: { kinds: ['incident'] } });
    const ticket = await ask(world);
    expect(await stateAt(ticket.id, '2026-11-23T08:05:00Z')).toBeUndefined();
  });
});

describe('slaStatesOf', () => {
  it('reads a page of tickets in one call and leaves out tickets without an SLA', async () => {
    await policy(world, { conditions: { requestTypeIds: [world.question.id] } });
    const covered = await ask(world);
    const other = await ask(world, { requestTypeId: world.incident.id, fields: { impact: 'low', urgency: 'low' } });
    await backdate(world, covered.id, { created: '2026-11-23T08:00:00Z' });
    await recomputeSla(world.core, covered.id, new Date('2026-11-23T08:10:00Z'));
    await recomputeSla(world.core, other.id, new Date('2026-11-23T08:10:00Z'));
    const states = await slaStatesOf(world.core, [covered.id, other.id], new Date('2026-11-23T08:30:00Z'));
    expect([...states.keys()]).toEqual([covered.id]);
    // 09:30 in Berlin is 30 minutes into the day: half of the one-hour first-response target.
    expect(target(states.get(covered.id), 'first_response')).toMatchObject({
      percentUsed: 50,
      atRisk: false,
      breached: false,
    });
  });
});
