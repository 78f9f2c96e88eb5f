import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestMessage } from '../../../src/core/mail/index.ts';
import { createTicket, replyToTicket } from '../../../src/core/tickets/index.ts';
import { createMailWorld, deliver, deskAddress, eml, headerOf } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await createMailWorld();
});
afterEach(() => world.close());

const ours = /^<pt(\d+)\.[a-z0-9]+@help\.example\.org>$/;

describe('threadHeaders (mail about a ticket)', () => {
  it('threads an agent’s reply to a mailed-in ticket under the customer’s mail, with Reply-To the mailbox', async () => {
    const first = eml({ subject: 'Printer on floor 2' });
    const { ticketNumber } = await ingestMessage(world.core, Buffer.from(first));
    const received = await deliver(world);
    const confirmation = received.find((mail) => mail.to.includes('casey@northwind.example'))!;
    const inbound = headerOf(first, 'Message-ID')!;
    expect(headerOf(confirmation.raw, 'In-Reply-To')).toBe(inbound);

    await replyToTicket(world.core, world.avery, ticketNumber!, { body: 'Please restart it.' });
    const [reply, ...rest] = await deliver(world);
    expect(rest).toEqual([]);
    expect(reply!.to).toEqual(['casey@northwind.example']);
    expect(reply!.subject).toContain(`[PT-${ticketNumber}]`);
    const messageId = headerOf(reply!.raw, 'Message-ID')!;
    expect(messageId).toMatch(ours);
    expect(ours.exec(messageId)![1]).toBe(String(ticketNumber));
    expect(headerOf(reply!.raw, 'In-Reply-To')).toBe(inbound);
    const references = headerOf(reply!.raw, 'References')!.split(/\s+/);
    expect(references[0]).toBe(headerOf(confirmation.raw, 'Message-ID'));
    expect(references.at(-1)).toBe(inbound);
    expect(headerOf(reply!.raw, 'Reply-To')).toBe(deskAddress);
    expect(headerOf(reply!.raw, 'Auto-Submitted')).toBe('auto-generated');

    // The customer answers the agent's mail: it threads by In-Reply-To onto the same ticket.
    const answer = eml({
      subject: 'Re: New reply',
      body: 'Done, still jams.\n\nOn Tue, Avery Agent wrote:\n> Please restart it.',
      headers: { 'In-Reply-To': messageId, References: `${inbound} ${messageId}` },
    });
    expect(await ingestMessage(world.core, Buffer.from(answer))).toMatchObject({ outcome: 'reply', ticketNumber });
    await deliver(world);
    await replyToTicket(world.core, world.avery, ticketNumber!, { body: 'Sending a technician.' });
    const [next] = await deliver(world);
    expect(headerOf(next!.raw, 'In-Reply-To')).toBe(headerOf(answer, 'Message-ID'));
  });

  it('threads mail about a portal ticket under the first mail Portico sent about it', async () => {
    const ticket = await createTicket(world.core, world.casey, {
      requestTypeId: world.question.id,
      subject: 'Laptop is slow',
      description: 'Very slow.',
    });
    const [confirmation] = await deliver(world);
    expect(headerOf(confirmation!.raw, 'In-Reply-To')).toBeUndefined();
    expect(headerOf(confirmation!.raw, 'Reply-To')).toBe(deskAddress);
    await replyToTicket(world.core, world.avery, ticket.number, { body: 'Which model?' });
    const [reply] = await deliver(world);
    const firstId = headerOf(confirmation!.raw, 'Message-ID');
    expect(headerOf(reply!.raw, 'In-Reply-To')).toBe(firstId);
    expect(headerOf(reply!.raw, 'References')).toBe(firstId);
  });

  it('never ingests its own notification as new mail', async () => {
    const ticket = await createTicket(world.core, world.casey, {
      requestTypeId: world.question.id,
      subject: 'Laptop is slow',
      description: 'Very slow.',
    });
    const [confirmation] = await deliver(world);
    const result = await ingestMessage(world.core, Buffer.from(confirmation!.raw));
    expect(result.outcome).toBe('loop');
    expect((await world.core.db.selectFrom('tickets').select('id').execute()).length).toBe(1);
    expect(ticket.number).toBeGreaterThan(0);
  });
});
