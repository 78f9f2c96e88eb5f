import { afterEach, describe, expect, it } from 'vitest';
import { rateSurvey, responseForTicket } from '../responses.ts';
import { closeChecked, world } from './helpers.ts';
import type { World } from './helpers.ts';

let w: World;
afterEach(async () => {
  await closeChecked(w as World | undefined);
  w = undefined as never;
});

async function notes(number: number) {
  return w.t.core.db
    .selectFrom('ticket_messages')
    .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
    .select(['ticket_messages.body', 'ticket_messages.internal'])
    .where('tickets.number', '=', number)
    .where('ticket_messages.internal', '=', 1)
    .execute();
}

describe('service recovery after a low rating', () => {
  it('opens a task for the group lead, related to the ticket, and adds an internal note', async () => {
    w = await world();
    const ticket = await w.resolved('VPN drops every hour');
    const ctx = await w.ctx();
    await rateSurvey(
      ctx,
      { user: w.customer, ticketNumber: ticket.number },
      { rating: 1, comment: 'Nobody called back.' },
    );
    await w.t.settle();

    const response = await responseForTicket(ctx, ticket.id);
    expect(response?.recovery_ticket_number).not.toBeNull();
    const task = await ctx.core.tickets.get(response?.recovery_ticket_number ?? 0);
    expect(task).toMatchObject({
      subject: `Service recovery: ${ticket.reference} rated 1/5`,
      requesterId: w.lead.id,
      assigneeId: w.lead.id,
      groupId: w.group.id,
      kind: 'service_request',
    });
    const related = await w.t.core.db
      .selectFrom('ticket_relations')
      .select(['ticket_id', 'related_id'])
      .where((eb) => eb.or([eb('ticket_id', '=', ticket.id), eb('related_id', '=', ticket.id)]))
      .execute();
    expect(related.some((r) => r.ticket_id === task?.id || r.related_id === task?.id)).toBe(true);

    const internal = await notes(ticket.number);
    expect(internal).toHaveLength(1);
    expect(internal[0]?.body).toContain('Customer satisfaction: rated 1/5 (Very dissatisfied).');
    expect(internal[0]?.body).toContain('> Nobody called back.');
    expect(internal[0]?.body).toContain(`Follow-up task ${task?.reference} was opened for Lena Lead.`);
  });

  it('falls back to the agent who resolved the ticket when the group has no lead', async () => {
    w = await world();
    const ctx = await w.ctx();
    const loneGroup = await w.t.group('Field service', [w.agent], { leads: 0 });
    const ticket = await w.t.openTicket(w.customer);
    await w.t.updateTicket(w.agent, ticket.number, { groupId: loneGroup.id, assigneeId: w.agent.id });
    await w.t.updateTicket(w.agent, ticket.number, { status: 'resolved' });
    await w.t.settle();
    await rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 2 });
    await w.t.settle();
    const response = await responseForTicket(ctx, ticket.id);
    const task = await ctx.core.tickets.get(response?.recovery_ticket_number ?? 0);
    expect(task?.requesterId).toBe(w.agent.id);
    expect(task?.subject).toBe(`Service recovery: ${ticket.reference} rated 2/5`);
  });

  it('leaves ratings above the threshold alone', async () => {
    w = await world({ lowRatingThreshold: 2 });
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    await rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 3 });
    await w.t.settle();
    expect((await responseForTicket(ctx, ticket.id))?.recovery_ticket_number).toBeNull();
    expect(await notes(ticket.number)).toEqual([]);
  });

  it('sends no survey when the recovery task itself is resolved', async () => {
    w = await world();
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    await rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 1 });
    await w.t.settle();
    const taskNumber = (await responseForTicket(ctx, ticket.id))?.recovery_ticket_number ?? 0;
    await w.t.updateTicket(w.lead, taskNumber, { status: 'resolved' });
    await w.t.settle();
    expect(await ctx.db.selectFrom('plugin_csat_surveys').select('ticket_number').execute()).toEqual([
      { ticket_number: ticket.number },
    ]);
  });
});
