import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toStoredTime } from '../../../src/core/db/values.ts';
import {
  closeResolvedTickets,
  getTicket,
  holdsOf,
  holdTicket,
  releaseTicket,
  replyToTicket,
  ticketHistory,
  updateTicket,
} from '../../../src/core/tickets/index.ts';
import { ask, createDeskWorld } from './fixtures.ts';
import type { DeskWorld } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createDeskWorld();
});
afterEach(() => world.core.close());

async function resolvedDaysAgo(number: number, days: number): Promise<void> {
  await world.core.db
    .updateTable('tickets')
    .set({ resolved_at: toStoredTime(new Date(Date.now() - days * 24 * 60 * 60 * 1000)) })
    .where('number', '=', number)
    .execute();
}

describe('replyToTicket', () => {
  it('opens a new ticket on the first public reply and records the first response', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'Looking into it.' });
    const detail = await getTicket(world.core, world.agent, ticket.number);
    expect(detail?.ticket.status).toBe('open');
    expect(detail?.ticket.firstRespondedAt).toBeInstanceOf(Date);
  });

  it('lets the agent set pending, and the customer reply moves it back to open', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'Which printer?', status: 'pending' });
    expect((await getTicket(world.core, world.casey, ticket.number))?.ticket.status).toBe('pending');
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'The one by the lifts.' });
    const after = await getTicket(world.core, world.agent, ticket.number);
    expect(after?.ticket.status).toBe('open');
    expect(after?.ticket.lastCustomerReplyAt).toBeInstanceOf(Date);
  });

  it('keeps a held ticket pending when the customer replies, until the hold ends', async () => {
    const ticket = await ask(world);
    await holdTicket(world.core.db, ticket.id, 'approval');
    await updateTicket(world.core, world.agent, ticket.number, { status: 'pending' });
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'Any news?' });
    expect((await getTicket(world.core, world.agent, ticket.number))?.ticket.status).toBe('pending');
    expect(await holdsOf(world.core.db, ticket.id)).toEqual(['approval']);
    await releaseTicket(world.core.db, ticket.id, 'approval');
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'Hello?' });
    expect((await getTicket(world.core, world.agent, ticket.number))?.ticket.status).toBe('open');
  });

  it('reopens a resolved ticket on customer reply within 7 days', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, { status: 'resolved' });
    await resolvedDaysAgo(ticket.number, 6);
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'It jams again.' });
    expect((await getTicket(world.core, world.agent, ticket.number))?.ticket.status).toBe('open');
    const events = await world.core.db
      .selectFrom('event_outbox')
      .select('type')
      .orderBy('created_at')
      .orderBy('position')
      .execute();
    expect(events.map((event) => event.type)).toContain('ticket.reopened');
  });

  it('refuses a customer reply to a ticket resolved more than 7 days ago', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, { status: 'resolved' });
    await resolvedDaysAgo(ticket.number, 8);
    await expect(replyToTicket(world.core, world.casey, ticket.number, { body: 'Again?' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('keeps internal notes from customers and refuses notes written by customers', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'Secret: call vendor', internal: true });
    expect((await getTicket(world.core, world.casey, ticket.number))?.messages).toEqual([]);
    expect((await getTicket(world.core, world.agent, ticket.number))?.messages).toHaveLength(1);
    await expect(
      replyToTicket(world.core, world.casey, ticket.number, { body: 'sneaky', internal: true }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      replyToTicket(world.core, world.casey, ticket.number, { body: 'close it', status: 'closed' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('does not move the status for an internal note', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'note', internal: true });
    const detail = await getTicket(world.core, world.agent, ticket.number);
    expect(detail?.ticket.status).toBe('new');
    expect(detail?.ticket.firstRespondedAt).toBeNull();
  });

  it('records time spent on a reply', async () => {
    const ticket = await ask(world);
    const message = await replyToTicket(world.core, world.agent, ticket.number, {
      body: 'Fixed',
      timeSpentMinutes: 25,
    });
    expect(message.timeSpentMinutes).toBe(25);
  });
});

describe('updateTicket', () => {
  it('lets a customer mark their request resolved, and nothing else', async () => {
    const ticket = await ask(world);
    await expect(updateTicket(world.core, world.casey, ticket.number, { status: 'closed' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(updateTicket(world.core, world.casey, ticket.number, { priority: 'P1' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      updateTicket(world.core, world.casey, ticket.number, { status: 'resolved', priority: 'P1' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const resolved = await updateTicket(world.core, world.casey, ticket.number, { status: 'resolved' });
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
  });

  it('treats a closed ticket as final', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, { status: 'closed' });
    await expect(updateTicket(world.core, world.agent, ticket.number, { status: 'open' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(updateTicket(world.core, world.agent, ticket.number, { priority: 'P1' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(replyToTicket(world.core, world.casey, ticket.number, { body: 'hello?' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('does not let a ticket go back to new', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, { status: 'open' });
    await expect(updateTicket(world.core, world.agent, ticket.number, { status: 'new' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('records every change in the history: who, when, old → new', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, {
      assigneeId: world.agent.id,
      priority: 'P2',
      tags: ['printer', 'floor-2'],
    });
    await updateTicket(world.core, world.otherAgent, ticket.number, { status: 'pending' });
    const history = await ticketHistory(world.core, world.agent, ticket.number);
    expect(history?.map((entry) => [entry.actorName, entry.field, entry.from, entry.to])).toEqual([
      ['Casey Customer', 'created', null, 'PT-1001'],
      ['Avery Agent', 'tags', null, 'floor-2, printer'],
      ['Avery Agent', 'priority', 'P4', 'P2'],
      ['Avery Agent', 'assignee', null, 'Avery Agent'],
      ['Sam Support', 'status', 'new', 'pending'],
    ]);
    expect(await ticketHistory(world.core, world.casey, ticket.number)).toBeUndefined();
  });

  it('refuses a root cause on anything but a problem', async () => {
    const ticket = await ask(world);
    await expect(updateTicket(world.core, world.agent, ticket.number, { rootCause: 'Toner' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('closeResolvedTickets', () => {
  it('closes tickets resolved more than 7 days ago and leaves the rest', async () => {
    const old = await ask(world);
    const recent = await ask(world);
    const open = await ask(world);
    for (const ticket of [old, recent])
      await updateTicket(world.core, world.agent, ticket.number, { status: 'resolved' });
    await resolvedDaysAgo(old.number, 8);
    expect(await closeResolvedTickets(world.core)).toBe(1);
    const statuses = await Promise.all(
      [old, recent, open].map(
        async (ticket) => (await getTicket(world.core, world.agent, ticket.number))?.ticket.status,
      ),
    );
    expect(statuses).toEqual(['closed', 'resolved', 'new']);
    expect(await closeResolvedTickets(world.core)).toBe(0);
  });
});
