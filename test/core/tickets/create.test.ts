import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTicket, getTicket } from '../../../src/core/tickets/index.ts';
import { ask, createDeskWorld, pngBytes } from './fixtures.ts';
import type { DeskWorld } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createDeskWorld();
});
afterEach(() => world.core.close());

describe('createTicket', () => {
  it('numbers tickets from PT-1001 upwards and files them with the requester and organisation', async () => {
    const first = await ask(world);
    const second = await ask(world, {}, world.olu);
    expect(first.reference).toBe('PT-1001');
    expect(second.number).toBe(1002);
    expect(first).toMatchObject({
      status: 'new',
      kind: 'service_request',
      priority: 'P4',
      requesterId: world.casey.id,
      organisationId: world.northwind.id,
      channel: 'portal',
      requestTypeName: 'Ask a question',
    });
  });

  it('sets an incident priority from the impact × urgency matrix and routes it to the default group', async () => {
    const ticket = await createTicket(world.core, world.casey, {
      requestTypeId: world.incident.slug,
      subject: 'VPN is down',
      description: 'Nobody can connect.',
      fields: { impact: 'high', urgency: 'high' },
    });
    expect(ticket).toMatchObject({ priority: 'P1', impact: 'high', urgency: 'high', groupId: world.desk.id });
    const lower = await createTicket(world.core, world.casey, {
      requestTypeId: world.incident.id,
      subject: 'Slow wifi',
      description: 'Meeting room 3.',
      fields: { impact: 'low', urgency: 'medium' },
    });
    expect(lower.priority).toBe('P4');
  });

  it('keeps the answers with the labels the form had when the ticket was made', async () => {
    const ticket = await createTicket(world.core, world.casey, {
      requestTypeId: world.incident.id,
      subject: 'VPN is down',
      description: 'Nobody can connect.',
      fields: { impact: 'medium', urgency: 'high' },
    });
    expect(ticket.fields.map((answer) => [answer.label, answer.display])).toEqual([
      ['Impact', 'medium'],
      ['Urgency', 'high'],
      ['Screenshot', ''],
    ]);
  });

  it('refuses answers for fields the form does not have, with a message per field', async () => {
    await expect(ask(world, { fields: { costCentre: '42' } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { 'fields.costCentre': expect.any(String) } },
    });
  });

  it('refuses a missing required answer with a message for that field', async () => {
    await expect(
      createTicket(world.core, world.casey, {
        requestTypeId: world.incident.id,
        subject: 'VPN is down',
        description: 'x',
        fields: { impact: 'high' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', details: { fields: { 'fields.urgency': expect.any(String) } } });
  });

  it('refuses keys that are not part of a ticket, such as an organisation', async () => {
    await expect(ask(world, { organisationId: 'x' } as never)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { organisationId: 'Unknown field "organisationId".' } },
    });
  });

  it('does not let a customer open a request for someone else or set what agents set', async () => {
    await expect(ask(world, { requesterId: world.olu.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask(world, { requester: { email: 'x@example.org', name: 'X' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(ask(world, { priority: 'P1' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask(world, { assigneeId: world.agent.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask(world, { channel: 'phone' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lets an agent open a ticket for a caller, creating the customer by email in the matching organisation', async () => {
    const ticket = await ask(
      world,
      { requester: { email: 'New.Person@Northwind.example', name: 'New Person' }, channel: 'phone', priority: 'P2' },
      world.agent,
    );
    expect(ticket).toMatchObject({ channel: 'phone', priority: 'P2', organisationId: world.northwind.id });
    expect(ticket.requesterId).not.toBe(world.agent.id);
    const again = await ask(world, { requester: { email: 'new.person@northwind.example', name: 'N' } }, world.agent);
    expect(again.requesterId).toBe(ticket.requesterId);
  });

  it('opens an assigned ticket as open and refuses an assignee who is not an agent', async () => {
    const ticket = await ask(world, { requesterId: world.casey.id, assigneeId: world.agent.id }, world.agent);
    expect(ticket.status).toBe('open');
    await expect(
      ask(world, { requesterId: world.casey.id, assigneeId: world.olu.id }, world.agent),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses an unknown or inactive request type and anonymous callers', async () => {
    await expect(ask(world, { requestTypeId: 'nope' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      createTicket(world.core, null, { requestTypeId: world.question.id, subject: 'Hello', description: 'x' }),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('stores attachments and the files of file fields under server-made names', async () => {
    const ticket = await createTicket(
      world.core,
      world.casey,
      {
        requestTypeId: world.incident.id,
        subject: 'Error dialog',
        description: 'See screenshot.',
        fields: { impact: 'low', urgency: 'low' },
      },
      {
        fields: { screenshot: [{ name: 'error.png', data: pngBytes }] },
        attachments: [{ name: 'log.txt', data: new TextEncoder().encode('boom') }],
      },
    );
    const detail = await getTicket(world.core, world.casey, ticket.number);
    expect(detail?.attachments.map((file) => [file.fileName, file.contentType])).toEqual([
      ['error.png', 'image/png'],
      ['log.txt', 'text/plain'],
    ]);
    expect(ticket.fields.find((answer) => answer.id === 'screenshot')?.display).toBe('error.png');
  });

  it('refuses file names given for a file field without the files', async () => {
    await expect(
      createTicket(world.core, world.casey, {
        requestTypeId: world.incident.id,
        subject: 'Error dialog',
        description: 'See screenshot.',
        fields: { impact: 'low', urgency: 'low', screenshot: ['forged.png'] },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { 'fields.screenshot': expect.any(String) } },
    });
  });

  it('reports every mistake at once: the ticket fields and the form answers', async () => {
    await expect(
      createTicket(world.core, world.casey, { requestTypeId: world.incident.id, subject: '', description: '' }),
    ).rejects.toMatchObject({
      details: {
        fields: {
          subject: expect.any(String),
          description: expect.any(String),
          'fields.impact': expect.any(String),
          'fields.urgency': expect.any(String),
        },
      },
    });
  });

  it('refuses files of types it does not serve, and files that are not what their name says', async () => {
    await expect(
      ask(world, {}, world.casey, { attachments: [{ name: 'page.html', data: new Uint8Array([60]) }] }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { attachments: expect.stringContaining('page.html') } },
    });
    await expect(
      ask(world, {}, world.casey, { attachments: [{ name: 'fake.png', data: new TextEncoder().encode('<script>') }] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      ask(world, {}, world.casey, { attachments: [{ name: 'big.txt', data: new Uint8Array(10 * 1024 * 1024 + 1) }] }),
    ).rejects.toMatchObject({ code: 'payload_too_large' });
  });
});
