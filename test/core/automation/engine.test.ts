import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRule, listRules, runScheduledRules, updateRule } from '../../../src/core/automation/index.ts';
import type { RuleInput } from '../../../src/core/automation/index.ts';
import { replyToTicket, ticketHistory, updateTicket } from '../../../src/core/tickets/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { createWebhook } from '../../../src/core/webhooks/index.ts';
import { ask } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createAutomationWorld, firedRules, settle, tagsOf } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createAutomationWorld();
});
afterEach(() => world.core.close());

function onCreated(name: string, input: Partial<RuleInput> = {}): Promise<unknown> {
  return createRule(world.core, world.admin, {
    name,
    trigger: 'event',
    events: ['ticket.created'],
    actions: [{ type: 'add_tag', value: name.toLowerCase() }],
    ...input,
  });
}

async function jobs(type: string) {
  const rows = await world.core.db.selectFrom('jobs').select(['payload']).where('type', '=', type).execute();
  return rows.map((row) => JSON.parse(row.payload) as Record<string, unknown>);
}

describe('installAutomation', () => {
  it('fires matching rules in order and ends at a rule with the stop flag', async () => {
    await onCreated('First');
    await onCreated('Second', { stop: true });
    await onCreated('Third');
    const ticket = await ask(world);
    await settle(world);
    expect(await firedRules(world, ticket.id)).toEqual(['First', 'Second']);
    expect(await tagsOf(world, ticket.id)).toEqual(['first', 'second']);
  });

  it('lets a later rule see an earlier rule’s changes, and follows a moved rule', async () => {
    await onCreated('Urgent', { actions: [{ type: 'set_priority', value: 'P1' }] });
    const tagger = (await onCreated('Page', {
      conditions: [{ field: 'priority', operator: 'is', value: 'P1' }],
      stop: true,
    })) as { id: string };
    const first = await ask(world);
    await settle(world);
    expect(await firedRules(world, first.id)).toEqual(['Urgent', 'Page']);
    await updateRule(world.core, world.admin, tagger.id, { move: 'up' });
    expect((await listRules(world.core, world.admin)).map((rule) => rule.name)).toEqual(['Page', 'Urgent']);
    const second = await ask(world);
    await settle(world);
    expect(await firedRules(world, second.id)).toEqual(['Urgent']);
  });

  it('records every firing in the ticket’s history as Portico', async () => {
    await onCreated('Tag it', { actions: [{ type: 'add_tag', value: 'tag-it' }] });
    const ticket = await ask(world);
    await settle(world);
    const history = (await ticketHistory(world.core, world.agent, ticket.number)) ?? [];
    expect(history.filter((entry) => entry.field === 'rule')).toMatchObject([
      { field: 'rule', from: null, to: 'Tag it', actorName: null },
    ]);
    expect(history.find((entry) => entry.field === 'tags')).toMatchObject({ to: 'tag-it', actorName: null });
  });

  it('assigns round-robin within the group, remembering the last pick', async () => {
    await onCreated('Spread', {
      actions: [
        { type: 'assign_group', value: world.desk.id },
        { type: 'assign_agent', value: 'round_robin' },
      ],
    });
    const assignees = [];
    for (let count = 0; count < 3; count++) {
      const ticket = await ask(world);
      await settle(world);
      const row = await world.core.db
        .selectFrom('tickets')
        .select('assignee_id')
        .where('id', '=', ticket.id)
        .executeTakeFirstOrThrow();
      assignees.push(row.assignee_id);
    }
    expect(assignees).toEqual([world.agent.id, world.otherAgent.id, world.agent.id]);
  });

  it('assigns the least-loaded agent, ties going by name', async () => {
    const busy = await ask(world);
    await updateTicket(world.core, world.admin, busy.number, { assigneeId: world.agent.id });
    await onCreated('Balance', {
      actions: [
        { type: 'assign_group', value: world.desk.id },
        { type: 'assign_agent', value: 'least_loaded' },
      ],
    });
    const next = await ask(world);
    await settle(world);
    const assignee = async (id: string) =>
      (await world.core.db.selectFrom('tickets').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow())
        .assignee_id;
    // Avery has one open ticket, Sam none: Sam; then one each: Avery, by name.
    expect(await assignee(next.id)).toBe(world.otherAgent.id);
    const third = await ask(world);
    await settle(world);
    expect(await assignee(third.id)).toBe(world.agent.id);
  });

  it('queues one mail.send job with the ready, filled-in message', async () => {
    await onCreated('Welcome', {
      actions: [
        {
          type: 'send_mail',
          value: 'requester',
          subject: '[{{ticket.reference}}] Received',
          text: 'Hi {{requester.name}}',
        },
      ],
    });
    const ticket = await ask(world);
    await settle(world);
    const plain = (await jobs('mail.send')).filter((payload) => 'subject' in payload);
    expect(plain).toEqual([
      { to: 'casey@northwind.example', subject: `[${ticket.reference}] Received`, text: 'Hi Casey Customer' },
    ]);
  });

  it('calls a saved webhook through the webhook.deliver job', async () => {
    const { webhook } = await createWebhook(world.core, world.admin, {
      url: 'https://hooks.example.org/in',
      events: ['sla.breached'],
    });
    await onCreated('Tell CRM', { actions: [{ type: 'call_webhook', value: webhook.id }] });
    const ticket = await ask(world);
    await settle(world);
    expect(await jobs('webhook.deliver')).toMatchObject([
      {
        webhookId: webhook.id,
        type: 'automation.rule',
        data: { ticket: { number: ticket.number }, rule: { name: 'Tell CRM' } },
      },
    ]);
  });

  it('reacts to a customer reply only when the rule asks for one from the customer', async () => {
    await createRule(world.core, world.admin, {
      name: 'Customer answered',
      trigger: 'event',
      events: ['ticket.replied'],
      conditions: [{ field: 'fromCustomer', operator: 'is', value: 'true' }],
      actions: [{ type: 'add_note', value: '{{requester.name}} answered on {{ticket.reference}}.' }],
    });
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'Which printer?' });
    await settle(world);
    expect(await firedRules(world, ticket.id)).toEqual([]);
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'The big one.' });
    await settle(world);
    expect(await firedRules(world, ticket.id)).toEqual(['Customer answered']);
    const notes = await world.core.db
      .selectFrom('ticket_messages')
      .select(['body', 'internal'])
      .where('ticket_id', '=', ticket.id)
      .where('internal', '=', 1)
      .execute();
    expect(notes).toEqual([{ body: `Casey Customer answered on ${ticket.reference}.`, internal: 1 }]);
  });
});

describe('loop protection', () => {
  it('skips events caused by Portico unless a rule opts in', async () => {
    await createRule(world.core, world.admin, {
      name: 'On change',
      trigger: 'event',
      events: ['ticket.updated'],
      actions: [{ type: 'add_note', value: 'Changed.' }],
    });
    const ticket = await ask(world);
    await updateTicket(world.core, systemActor, ticket.number, { priority: 'P2' });
    await settle(world);
    expect(await firedRules(world, ticket.id)).toEqual([]);
    await updateTicket(world.core, world.agent, ticket.number, { priority: 'P1' });
    await settle(world);
    expect(await firedRules(world, ticket.id)).toEqual(['On change']);
  });

  it('never lets a rule that reacts to its own changes fire on them again', async () => {
    await createRule(world.core, world.admin, {
      name: 'Echo',
      trigger: 'event',
      events: ['ticket.updated', 'ticket.replied'],
      onSystemEvents: true,
      actions: [
        { type: 'add_note', value: 'Seen.' },
        { type: 'set_priority', value: 'P2' },
        { type: 'add_tag', value: 'seen' },
      ],
    });
    const ticket = await ask(world);
    await updateTicket(world.core, world.agent, ticket.number, { status: 'open' });
    await settle(world);
    expect(await firedRules(world, ticket.id)).toEqual(['Echo']);
  });
});

describe('runScheduledRules', () => {
  it('fires a time condition at the right minute, once until the ticket changes', async () => {
    await createRule(world.core, world.admin, {
      name: 'Stale',
      trigger: 'schedule',
      conditions: [
        { field: 'status', operator: 'is', value: 'pending' },
        { field: 'statusMinutes', operator: 'at_least', value: '7200' },
      ],
      actions: [{ type: 'add_tag', value: 'stale' }],
    });
    const ticket = await ask(world);
    await replyToTicket(world.core, world.agent, ticket.number, { body: 'Which printer?', status: 'pending' });
    await settle(world);
    const start = Date.now();
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    expect(await runScheduledRules(world.core, at(7199))).toBe(0);
    expect(await runScheduledRules(world.core, at(7201))).toBe(1);
    expect(await tagsOf(world, ticket.id)).toEqual(['stale']);
    expect(await runScheduledRules(world.core, at(7202))).toBe(0);
    await updateTicket(world.core, world.agent, ticket.number, { priority: 'P2' });
    expect(await runScheduledRules(world.core, at(7300))).toBe(1);
    expect(await firedRules(world, ticket.id)).toEqual(['Stale', 'Stale']);
  });
});
