import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTickets, updateTicket } from '../../../src/core/tickets/index.ts';
import type { TicketFilter } from '../../../src/core/tickets/index.ts';
import { ask, createDeskWorld } from './fixtures.ts';
import type { DeskWorld } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createDeskWorld();
});
afterEach(() => world.core.close());

async function numbers(filter: TicketFilter, actor = world.agent) {
  return (await listTickets(world.core, actor, filter, { limit: 100 })).tickets.map((ticket) => ticket.number);
}

describe('listTickets', () => {
  it('fills the desk queues: mine, unassigned, my groups and all', async () => {
    const mine = await ask(world, { subject: 'Mine' });
    const unassigned = await ask(world, { subject: 'Nobody' });
    const theirs = await ask(world, { subject: 'Theirs' });
    const done = await ask(world, { subject: 'Done' });
    await updateTicket(world.core, world.agent, mine.number, { assigneeId: world.agent.id, groupId: world.desk.id });
    await updateTicket(world.core, world.agent, theirs.number, { assigneeId: world.otherAgent.id });
    await updateTicket(world.core, world.agent, done.number, { status: 'resolved' });
    expect(await numbers({ queue: 'mine' })).toEqual([mine.number]);
    expect((await numbers({ queue: 'unassigned' })).sort()).toEqual([unassigned.number]);
    expect(await numbers({ queue: 'groups' })).toEqual([mine.number]);
    expect((await numbers({ queue: 'all' })).sort()).toEqual(
      [mine.number, unassigned.number, theirs.number, done.number].sort(),
    );
  });

  it('filters by status, priority, tag and text, and finds a ticket by its number', async () => {
    const printer = await ask(world, { subject: 'Printer jams' });
    const laptop = await ask(world, { subject: 'Laptop is slow' });
    await updateTicket(world.core, world.agent, laptop.number, {
      priority: 'P1',
      tags: ['hardware'],
      status: 'pending',
    });
    expect(await numbers({ status: ['pending'] })).toEqual([laptop.number]);
    expect(await numbers({ priority: ['P1'] })).toEqual([laptop.number]);
    expect(await numbers({ tag: 'hardware' })).toEqual([laptop.number]);
    expect(await numbers({ q: 'PRINTER' })).toEqual([printer.number]);
    expect(await numbers({ q: printer.reference })).toEqual([printer.number]);
    expect(await numbers({ q: '100%_' })).toEqual([]);
  });

  it('pages with a cursor through every ticket exactly once, in each sort order', async () => {
    const made = [];
    for (let index = 0; index < 7; index++) made.push((await ask(world, { subject: `Ticket ${index}` })).number);
    await updateTicket(world.core, world.agent, made[2]!, { priority: 'P1' });
    for (const sort of ['updated', 'oldest', 'newest', 'priority'] as const) {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTickets(world.core, world.agent, { sort }, { limit: 3, ...(cursor && { cursor }) });
        seen.push(...page.tickets.map((ticket) => ticket.number));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort()).toEqual([...made].sort());
    }
    const byPriority = await numbers({ sort: 'priority' });
    expect(byPriority[0]).toBe(made[2]);
    expect((await numbers({ sort: 'newest' }))[0]).toBe(made[6]);
  });

  it('answers a forged cursor with a clear error', async () => {
    await expect(listTickets(world.core, world.agent, {}, { cursor: 'garbage' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
