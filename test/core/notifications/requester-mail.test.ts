import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replyToTicket, setWatcher, updateTicket } from '../../../src/core/tickets/index.ts';
import { ask, createMailWorld, deliver, publicUrl, recipients } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await createMailWorld();
});
afterEach(() => world.close());

describe('installNotifications (mail to requesters)', () => {
  it('confirms a new request to its requester with a portal link', async () => {
    const ticket = await ask(world);
    const [mail, ...rest] = world.smtp.received;
    expect(rest).toEqual([]);
    expect(mail!.to).toEqual(['casey@northwind.example']);
    expect(mail!.subject).toBe(`[${ticket.reference}] We received your request: Printer on floor 2`);
    expect(mail!.text).toContain(`${publicUrl}/requests/${ticket.number}`);
    expect(mail!.text).toContain('Hello Casey Customer');
    expect(mail!.text).toContain('— Portico');
  });

  it("mails an agent's public reply, with its text, to the requester and customer watchers only", async () => {
    const ticket = await ask(world);
    await setWatcher(world.core, world.avery, ticket.number, world.noor.id, true);
    await setWatcher(world.core, world.avery, ticket.number, world.sam.id, true);
    await replyToTicket(world.core, world.avery, ticket.number, { body: 'Please restart the printer.' });
    const mails = await deliver(world);
    expect(recipients(mails)).toEqual(['casey@northwind.example', 'noor@northwind.example']);
    for (const mail of mails) {
      expect(mail.subject).toBe(`[${ticket.reference}] New reply: Printer on floor 2`);
      expect(mail.text).toContain('Avery Agent replied');
      expect(mail.text).toContain('Please restart the printer.');
      expect(mail.text).toContain(`${publicUrl}/requests/${ticket.number}`);
      expect(mail.text).not.toContain('/desk/');
    }
  });

  it('never mails the customer about an internal note, even one naming them', async () => {
    const ticket = await ask(world);
    await setWatcher(world.core, world.avery, ticket.number, world.noor.id, true);
    await replyToTicket(world.core, world.avery, ticket.number, {
      body: 'Secret: @Casey Customer and @noor@northwind.example are on the VIP list.',
      internal: true,
    });
    expect(await deliver(world)).toEqual([]);
    const jobs = await world.core.db.selectFrom('jobs').select('payload').execute();
    expect(jobs.some((job) => job.payload.includes('request.replied'))).toBe(false);
    expect(world.smtp.received.some((mail) => mail.raw.includes('VIP'))).toBe(false);
  });

  it("does not mail the customer their own reply, and mails nothing for the customer's reply to customers", async () => {
    const ticket = await ask(world);
    await setWatcher(world.core, world.avery, ticket.number, world.noor.id, true);
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'Still jams.' });
    const mails = await deliver(world);
    expect(recipients(mails).filter((to) => to.endsWith('northwind.example'))).toEqual([]);
  });

  it('tells the requester when the desk waits for them (status pending)', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.avery, ticket.number, { status: 'pending' });
    const mails = await deliver(world);
    expect(mails.map((mail) => [mail.to[0], mail.subject])).toEqual([
      ['casey@northwind.example', `[${ticket.reference}] Waiting for your answer: Printer on floor 2`],
    ]);
    expect(mails[0]!.text).toContain(`${publicUrl}/requests/${ticket.number}`);
  });

  it('sends one mail, the reply, when a reply also sets pending', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.avery, ticket.number, { body: 'Which model is it?', status: 'pending' });
    const mails = await deliver(world);
    expect(mails.map((mail) => mail.subject)).toEqual([`[${ticket.reference}] New reply: Printer on floor 2`]);
  });

  it('tells the requester a request was resolved and that a reply within 7 days reopens it', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.avery, ticket.number, { status: 'resolved' });
    const mails = await deliver(world);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['casey@northwind.example']);
    expect(mails[0]!.subject).toBe(`[${ticket.reference}] Resolved: Printer on floor 2`);
    expect(mails[0]!.text).toContain('Reply within 7 days and it reopens');
    expect(mails[0]!.text).toContain(`${publicUrl}/requests/${ticket.number}`);
  });
});
