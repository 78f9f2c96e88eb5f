import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getNotificationPreferences, setNotificationPreferences } from '../../../src/core/notifications/index.ts';
import { replyToTicket, updateTicket } from '../../../src/core/tickets/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { ask, createMailWorld, deliver, emit, publicUrl, recipients } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await createMailWorld();
});
afterEach(() => world.close());

describe('installNotifications (mail to agents)', () => {
  it('tells an agent a ticket was assigned to them, with a desk link, but not when they took it themselves', async () => {
    const ticket = await ask(world);
    await updateTicket(world.core, world.admin, ticket.number, { assigneeId: world.sam.id });
    const mails = await deliver(world);
    expect(recipients(mails)).toEqual(['sam@portico.example']);
    expect(mails[0]!.subject).toBe(`[${ticket.reference}] Assigned to you: Printer on floor 2`);
    expect(mails[0]!.text).toContain(`${publicUrl}/desk/tickets/${ticket.number}`);
    expect(mails[0]!.text).toContain('from Casey Customer (P3)');

    await updateTicket(world.core, world.avery, ticket.number, { assigneeId: world.avery.id });
    expect(await deliver(world)).toEqual([]);
  });

  it("sends a customer's reply to the assignee, or to the group's members while unassigned", async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'It jams on A3 only.' });
    let mails = await deliver(world);
    expect(recipients(mails)).toEqual(['avery@portico.example', 'sam@portico.example']);
    expect(mails[0]!.subject).toBe(`[${ticket.reference}] Casey Customer replied: Printer on floor 2`);
    expect(mails[0]!.text).toContain('It jams on A3 only.');
    expect(mails[0]!.text).toContain(`${publicUrl}/desk/tickets/${ticket.number}`);

    await updateTicket(world.core, world.avery, ticket.number, { assigneeId: world.avery.id });
    await deliver(world);
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'And on A4 now.' });
    mails = await deliver(world);
    expect(recipients(mails)).toEqual(['avery@portico.example']);
  });

  it('mails an agent mentioned in an internal note by name or by email, and nobody else', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, world.avery, ticket.number, {
      body: 'Could you check the tray, @Sam Support? Casey Customer is waiting.',
      internal: true,
    });
    let mails = await deliver(world);
    expect(recipients(mails)).toEqual(['sam@portico.example']);
    expect(mails[0]!.subject).toBe(`[${ticket.reference}] Avery Agent mentioned you: Printer on floor 2`);
    expect(mails[0]!.text).toContain('Could you check the tray');
    expect(mails[0]!.text).toContain(`${publicUrl}/desk/tickets/${ticket.number}`);

    await replyToTicket(world.core, world.sam, ticket.number, { body: 'cc @avery@portico.example.', internal: true });
    mails = await deliver(world);
    expect(recipients(mails)).toEqual(['avery@portico.example']);

    await replyToTicket(world.core, world.sam, ticket.number, { body: 'Hi @Sam Supporter, @samantha', internal: true });
    expect(await deliver(world)).toEqual([]);
  });

  it('mails nobody for a note the system or a plugin wrote, which may quote a customer writing "@name"', async () => {
    const ticket = await ask(world);
    await replyToTicket(world.core, systemActor, ticket.number, {
      body: 'Customer satisfaction: rated 1/5.\n\nComment:\n> @Sam Support @avery@portico.example call me!',
      internal: true,
    });
    expect(await deliver(world)).toEqual([]);
  });

  it("sends SLA warnings to the assignee, or to the group's leads while unassigned", async () => {
    const ticket = await ask(world);
    const due = '2026-11-24T11:00:00.000Z';
    await emit(world, 'sla.at_risk', ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      target: 'first_response',
      due,
    });
    let mails = await deliver(world);
    expect(recipients(mails)).toEqual(['avery@portico.example']);
    expect(mails[0]!.subject).toBe(`[${ticket.reference}] SLA at risk: Printer on floor 2`);
    expect(mails[0]!.text).toContain('The first response target');
    expect(mails[0]!.text).toContain('24 Nov 2026, 11:00 UTC');

    await updateTicket(world.core, world.avery, ticket.number, { assigneeId: world.sam.id });
    await deliver(world);
    await emit(world, 'sla.breached', ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      target: 'resolution',
      due,
    });
    mails = await deliver(world);
    expect(recipients(mails)).toEqual(['sam@portico.example']);
    expect(mails[0]!.subject).toBe(`[${ticket.reference}] SLA breached: Printer on floor 2`);
    expect(mails[0]!.text).toContain(`${publicUrl}/desk/tickets/${ticket.number}`);
  });

  it('leaves out the agent notifications an agent turned off, and keeps the others', async () => {
    await setNotificationPreferences(world.core, world.sam, { assigned: false, sla: false });
    const ticket = await ask(world);
    await updateTicket(world.core, world.admin, ticket.number, { assigneeId: world.sam.id });
    expect(await deliver(world)).toEqual([]);
    await emit(world, 'sla.breached', ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      target: 'resolution',
      due: '2026-11-24T11:00:00Z',
    });
    expect(await deliver(world)).toEqual([]);
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'Any news?' });
    expect(recipients(await deliver(world))).toEqual(['sam@portico.example']);
  });
});

describe('getNotificationPreferences', () => {
  it('has every topic on until the agent turns it off', async () => {
    expect(await getNotificationPreferences(world.core, world.sam)).toEqual({
      assigned: true,
      customer_replied: true,
      mention: true,
      sla: true,
    });
  });

  it('is not found for customers, and needs a signed-in user', async () => {
    await expect(getNotificationPreferences(world.core, world.casey)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getNotificationPreferences(world.core, null)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('setNotificationPreferences', () => {
  it("changes only the agent's own topics given, and refuses unknown ones", async () => {
    expect(await setNotificationPreferences(world.core, world.sam, { mention: false })).toMatchObject({
      mention: false,
      assigned: true,
    });
    expect(await setNotificationPreferences(world.core, world.sam, { mention: true, sla: false })).toMatchObject({
      mention: true,
      sla: false,
    });
    expect((await getNotificationPreferences(world.core, world.avery)).sla).toBe(true);
    await expect(setNotificationPreferences(world.core, world.sam, { digest: false })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(setNotificationPreferences(world.core, world.casey, { sla: false })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
