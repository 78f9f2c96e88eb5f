import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '../../../src/core/events/index.ts';
import { replyToTicket, updateTicket } from '../../../src/core/tickets/index.ts';
import { ask, createDeskWorld } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createDeskWorld();
});
afterEach(() => world.core.close());

describe('createEventBus', () => {
  it('delivers each committed change once, in the order it happened', async () => {
    const seen: DeliveredEvent[] = [];
    world.core.events.on('*', (event) => {
      seen.push(event);
    });
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, { assigneeId: world.agent.id });
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'Done', status: 'resolved' });
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'Not quite' });
    await updateTicket(world.core, world.agent, ticket.number, { status: 'closed' });
    await world.core.events.dispatchPending();
    await world.core.events.dispatchPending();
    expect(seen.map((event) => event.type)).toEqual([
      'ticket.created',
      'ticket.updated',
      'ticket.assigned',
      'ticket.replied',
      'ticket.updated',
      'ticket.resolved',
      'ticket.replied',
      'ticket.updated',
      'ticket.reopened',
      'ticket.updated',
      'ticket.closed',
    ]);
    expect(seen[0]).toMatchObject({
      subjectId: ticket.id,
      payload: { number: ticket.number, requesterId: world.casey.id },
    });
    expect(seen[8]?.payload).toMatchObject({ reason: 'customer_reply' });
  });

  it('keeps delivering to other handlers when one throws, and records the failure', async () => {
    const delivered: string[] = [];
    world.core.events.on('ticket.created', () => {
      throw new Error('plugin broke');
    });
    world.core.events.on('ticket.created', (event) => {
      delivered.push(event.type);
    });
    await ask(world);
    await world.core.events.dispatchPending();
    expect(delivered).toEqual(['ticket.created']);
    const row = await world.core.db
      .selectFrom('event_outbox')
      .select(['dispatched_at', 'last_error'])
      .where('type', '=', 'ticket.created')
      .executeTakeFirstOrThrow();
    expect(row.dispatched_at).not.toBeNull();
    expect(row.last_error).toContain('plugin broke');
  });

  it('leaves events to a process that handles them', async () => {
    await ask(world);
    expect(await world.core.events.dispatchPending()).toBe(0);
    const seen: string[] = [];
    world.core.events.on('ticket.created', (event) => void seen.push(event.type));
    expect(await world.core.events.dispatchPending()).toBe(1);
    expect(seen).toEqual(['ticket.created']);
  });

  it('writes no event when the change fails', async () => {
    const ticket = await ask(world);
    const before = await world.core.db.selectFrom('event_outbox').select('id').execute();
    await expect(updateTicket(world.core, world.casey, ticket.number, { priority: 'P1' })).rejects.toThrow();
    expect(await world.core.db.selectFrom('event_outbox').select('id').execute()).toHaveLength(before.length);
  });
});
