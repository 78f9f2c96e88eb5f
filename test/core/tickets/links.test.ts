import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTicket,
  getTicket,
  linkToProblem,
  mergeTickets,
  relateTickets,
  replyToTicket,
  resolveProblem,
  setParentTicket,
  updateTicket,
} from '../../../src/core/tickets/index.ts';
import { ask, createDeskWorld } from './fixtures.ts';
import type { DeskWorld } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createDeskWorld();
});
afterEach(() => world.core.close());

function incident(subject: string, actor = world.casey) {
  return createTicket(world.core, actor, {
    requestTypeId: world.incident.id,
    subject,
    description: 'The VPN drops.',
    fields: { impact: 'medium', urgency: 'medium' },
  });
}

async function problem(subject = 'VPN concentrator fails') {
  const ticket = await ask(world, { subject, requesterId: world.agent.id }, world.agent);
  return updateTicket(world.core, world.agent, ticket.number, { kind: 'problem' });
}

describe('resolveProblem', () => {
  it('resolves the problem and every open linked incident with a public message', async () => {
    const first = await incident('VPN down for Casey');
    const second = await incident('VPN down for Olu', world.olu);
    const unrelated = await incident('Mouse broken');
    const cause = await problem();
    await linkToProblem(world.core, world.agent, first.number, cause.number);
    await linkToProblem(world.core, world.agent, second.number, cause.number);
    const result = await resolveProblem(world.core, world.agent, cause.number, {
      rootCause: 'Expired certificate',
      workaround: 'Use the backup gateway',
      resolveIncidents: true,
      message: 'We renewed the certificate; the VPN works again.',
    });
    expect(result.resolvedIncidents).toEqual([first.number, second.number]);
    const seenByOlu = await getTicket(world.core, world.olu, second.number);
    expect(seenByOlu?.ticket.status).toBe('resolved');
    expect(seenByOlu?.messages.map((message) => message.body)).toEqual([
      'We renewed the certificate; the VPN works again.',
    ]);
    const detail = await getTicket(world.core, world.agent, cause.number);
    expect(detail?.ticket).toMatchObject({ status: 'resolved', rootCause: 'Expired certificate' });
    expect(detail?.incidents.map((ticket) => ticket.number)).toEqual([first.number, second.number]);
    expect((await getTicket(world.core, world.agent, unrelated.number))?.ticket.status).toBe('new');
  });

  it('needs a message to resolve the incidents, and links only incidents to problems', async () => {
    const cause = await problem();
    await expect(
      resolveProblem(world.core, world.agent, cause.number, { resolveIncidents: true }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const question = await ask(world);
    await expect(linkToProblem(world.core, world.agent, question.number, cause.number)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const plain = await incident('Mouse broken');
    await expect(linkToProblem(world.core, world.agent, plain.number, question.number)).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('setParentTicket', () => {
  it('keeps a parent from resolving while a child is open, unless forced', async () => {
    const parent = await ask(world, { subject: 'Office move' });
    const child = await ask(world, { subject: 'Move the printer' });
    await setParentTicket(world.core, world.agent, child.number, parent.number);
    await expect(updateTicket(world.core, world.agent, parent.number, { status: 'resolved' })).rejects.toMatchObject({
      code: 'conflict',
      details: { openChildren: [child.reference] },
    });
    await updateTicket(world.core, world.agent, child.number, { status: 'resolved' });
    await updateTicket(world.core, world.agent, parent.number, { status: 'resolved' });
    const other = await ask(world, { subject: 'Move desks' });
    const parent2 = await ask(world, { subject: 'Second move' });
    await setParentTicket(world.core, world.agent, other.number, parent2.number);
    const forced = await updateTicket(world.core, world.agent, parent2.number, { status: 'resolved', force: true });
    expect(forced.status).toBe('resolved');
    const detail = await getTicket(world.core, world.agent, parent.number);
    expect(detail?.children.map((ticket) => [ticket.number, ticket.status])).toEqual([[child.number, 'resolved']]);
  });

  it('refuses cycles', async () => {
    const a = await ask(world);
    const b = await ask(world);
    await setParentTicket(world.core, world.agent, b.number, a.number);
    await expect(setParentTicket(world.core, world.agent, a.number, b.number)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(setParentTicket(world.core, world.agent, a.number, a.number)).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('relateTickets', () => {
  it('links two tickets both ways and unlinks them', async () => {
    const a = await ask(world);
    const b = await ask(world);
    await relateTickets(world.core, world.agent, a.number, b.number, true);
    expect((await getTicket(world.core, world.agent, b.number))?.related.map((ticket) => ticket.number)).toEqual([
      a.number,
    ]);
    await relateTickets(world.core, world.agent, a.number, b.number, false);
    expect((await getTicket(world.core, world.agent, a.number))?.related).toEqual([]);
  });
});

describe('mergeTickets', () => {
  it('moves the duplicate conversation to the target, closes the duplicate and lets its requester follow', async () => {
    const target = await ask(world, { subject: 'Printer jams' });
    const duplicate = await ask(world, { subject: 'Printer jams again', tags: undefined }, world.olu);
    await replyToTicket(world.core, world.olu, duplicate.number, { body: 'Also on floor 3.' });
    await mergeTickets(world.core, world.agent, duplicate.number, target.number);
    const merged = await getTicket(world.core, world.agent, duplicate.number);
    expect(merged?.ticket.status).toBe('closed');
    expect(merged?.mergedInto?.number).toBe(target.number);
    const seenByOlu = await getTicket(world.core, world.olu, target.number);
    expect(seenByOlu?.messages.map((message) => message.body)).toEqual([
      'Also on floor 3.',
      `${duplicate.reference} ("Printer jams again") was merged into this ticket.`,
    ]);
    await expect(replyToTicket(world.core, world.olu, duplicate.number, { body: 'hello' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(target.reference),
    });
    await expect(mergeTickets(world.core, world.agent, target.number, target.number)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(mergeTickets(world.core, world.casey, target.number, duplicate.number)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
