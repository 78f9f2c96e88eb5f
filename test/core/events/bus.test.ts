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

  it('hands a batch subscription its events of one delivery in one call, after the subscriptions added before it', async () => {
    // Written before anyone subscribes, so that one delivery finds them all.
    const first = await ask(world);
    const second = await ask(world);
    await replyToTicket(world.core, world.casey, first.number, { body: 'Still jammed' });
    const trace: string[] = [];
    world.core.events.on('*', (event) => void trace.push(`every ${event.type}`));
    world.core.events.on('ticket.created', (event) => void trace.push(`one ${event.type}`));
    world.core.events.onBatch(['ticket.created', 'ticket.replied'], (events) => {
      trace.push(`batch ${events.map((event) => (event.payload as { number: number }).number).join(',')}`);
    });
    await world.core.events.dispatchPending();
    expect(trace).toEqual([
      'one ticket.created',
      'one ticket.created',
      `batch ${first.number},${second.number},${first.number}`,
      'every ticket.created',
      'every ticket.created',
      'every ticket.replied',
    ]);
  });

  it('hands a failed batch over again one event at a time, so only the event that fails records it', async () => {
    const tickets = [await ask(world), await ask(world), await ask(world)];
    const failing = tickets[1]!.number;
    const handled: number[] = [];
    const calls: number[] = [];
    world.core.events.onBatch(['ticket.created'], (events) => {
      calls.push(events.length);
      const numbers = events.map((event) => event.payload.number);
      if (numbers.includes(failing)) throw new Error(`cannot handle PT-${failing}`);
      handled.push(...numbers);
    });
    await world.core.events.dispatchPending();
    expect(calls).toEqual([3, 1, 1, 1]);
    expect(handled).toEqual([tickets[0]!.number, tickets[2]!.number]);
    const rows = await world.core.db
      .selectFrom('event_outbox')
      .select(['subject_id', 'dispatched_at', 'last_error'])
      .where('type', '=', 'ticket.created')
      .execute();
    const errorOf = (id: string) => rows.find((row) => row.subject_id === id)?.last_error;
    expect(rows.every((row) => row.dispatched_at !== null)).toBe(true);
    expect(errorOf(tickets[1]!.id)).toContain(`cannot handle PT-${failing}`);
    expect(errorOf(tickets[0]!.id)).toBeNull();
    expect(errorOf(tickets[2]!.id)).toBeNull();
  });

  it('delivers after a commit at once when idle, and under a stream of commits one pass per 100 ms', async () => {
    const deliveredAt: number[] = [];
    world.core.events.on('ticket.created', () => void deliveredAt.push(performance.now()));
    await ask(world);
    await expect.poll(() => deliveredAt.length).toBe(1);
    await ask(world);
    await ask(world);
    await expect.poll(() => deliveredAt.length, { timeout: 2_000 }).toBe(3);
    // The first pass began before its delivery, so the next one, waiting out the gap, came at least 100 ms later.
    expect(deliveredAt[1]! - deliveredAt[0]!).toBeGreaterThanOrEqual(90);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await ask(world);
    const committed = performance.now();
    await expect.poll(() => deliveredAt.length).toBe(4);
    expect(deliveredAt[3]! - committed).toBeLessThan(60);
  });

  it('writes no event when the change fails', async () => {
    const ticket = await ask(world);
    const before = await world.core.db.selectFrom('event_outbox').select('id').execute();
    await expect(updateTicket(world.core, world.casey, ticket.number, { priority: 'P1' })).rejects.toThrow();
    expect(await world.core.db.selectFrom('event_outbox').select('id').execute()).toHaveLength(before.length);
  });
});
