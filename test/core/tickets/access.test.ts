import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getTicket,
  listTickets,
  openAttachment,
  replyToTicket,
  ticketHistory,
  updateTicket,
} from '../../../src/core/tickets/index.ts';
import { ask, createDeskWorld, pngBytes, shareRequests } from './fixtures.ts';
import type { DeskWorld } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createDeskWorld();
});
afterEach(() => world.core.close());

describe('getTicket', () => {
  it("treats another customer's ticket as not found, by every path", async () => {
    const ticket = await ask(world, {}, world.casey, { attachments: [{ name: 'shot.png', data: pngBytes }] });
    const attachment = (await getTicket(world.core, world.casey, ticket.number))!.attachments[0]!;
    expect(await getTicket(world.core, world.olu, ticket.number)).toBeUndefined();
    expect((await listTickets(world.core, world.olu, {})).tickets).toEqual([]);
    expect((await listTickets(world.core, world.olu, { q: ticket.reference })).tickets).toEqual([]);
    expect(await openAttachment(world.core, world.olu, ticket.number, attachment.id)).toBeUndefined();
    await expect(replyToTicket(world.core, world.olu, ticket.number, { body: 'hi' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(updateTicket(world.core, world.olu, ticket.number, { status: 'resolved' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await ticketHistory(world.core, world.olu, ticket.number)).toBeUndefined();
  });

  it("shows a colleague's requests only when the organisation shares them", async () => {
    const ticket = await ask(world);
    expect(await getTicket(world.core, world.noor, ticket.number)).toBeUndefined();
    await shareRequests(world, true);
    expect((await getTicket(world.core, world.noor, ticket.number))?.ticket.number).toBe(ticket.number);
    expect((await listTickets(world.core, world.noor, {})).tickets.map((row) => row.number)).toEqual([ticket.number]);
    expect(await getTicket(world.core, world.olu, ticket.number)).toBeUndefined();
  });

  it("keeps internal notes' attachments from customers", async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'log', internal: true }, [
      { name: 'internal.png', data: pngBytes },
    ]);
    const staffView = await getTicket(world.core, world.agent, ticket.number);
    const note = staffView!.attachments[0]!;
    expect(note.internal).toBe(true);
    expect((await getTicket(world.core, world.casey, ticket.number))?.attachments).toEqual([]);
    expect(await openAttachment(world.core, world.casey, ticket.number, note.id)).toBeUndefined();
    const file = await openAttachment(world.core, world.agent, ticket.number, note.id);
    const content = await file!.open();
    expect(new Uint8Array(await new Response(content!.body).arrayBuffer())).toEqual(pngBytes);
  });

  it('hides watchers from customers and shows linked tickets only when the customer may see them', async () => {
    const ticket = await ask(world);
    const detail = await getTicket(world.core, world.casey, ticket.number);
    expect(detail?.watchers).toEqual([]);
  });
});

describe('events', () => {
  it('never carries the text of a note', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'TOP SECRET NOTE', internal: true });
    const payloads = await world.core.db.selectFrom('event_outbox').select(['type', 'payload']).execute();
    expect(payloads.some((row) => row.payload.includes('TOP SECRET'))).toBe(false);
    const replied = payloads.find((row) => row.type === 'ticket.replied');
    expect(JSON.parse(replied!.payload)).toMatchObject({ internal: true, fromCustomer: false });
  });
});
