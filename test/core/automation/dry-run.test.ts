import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRule, dryRunRule } from '../../../src/core/automation/index.ts';
import { ask } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createAutomationWorld } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createAutomationWorld();
});
afterEach(() => world.core.close());

async function snapshot() {
  const db = world.core.db;
  return {
    tickets: await db.selectFrom('tickets').selectAll().orderBy('id').execute(),
    audit: await db.selectFrom('ticket_audit').selectAll().orderBy('id').execute(),
    tags: await db.selectFrom('ticket_tags').selectAll().orderBy('ticket_id').orderBy('tag').execute(),
    messages: await db.selectFrom('ticket_messages').select('id').orderBy('id').execute(),
    jobs: await db.selectFrom('jobs').select('id').orderBy('id').execute(),
    events: await db.selectFrom('event_outbox').select('id').orderBy('id').execute(),
    roundRobin: await db.selectFrom('automation_round_robin').selectAll().execute(),
  };
}

describe('dryRunRule', () => {
  it('lists the matches and what each action would change, changing nothing', async () => {
    const printer = await ask(world);
    await ask(world, { subject: 'Coffee machine', description: 'Empty.' });
    const before = await snapshot();
    const result = await dryRunRule(world.core, world.admin, {
      name: 'Printers',
      trigger: 'event',
      events: ['ticket.created'],
      conditions: [{ field: 'text', operator: 'contains', value: 'printer' }],
      actions: [
        { type: 'assign_group', value: world.desk.id },
        { type: 'assign_agent', value: 'round_robin' },
        { type: 'set_priority', value: 'P2' },
        { type: 'add_tag', value: 'printer' },
        { type: 'add_note', value: 'Routed {{ticket.reference}}.' },
        { type: 'send_mail', value: 'requester', subject: 'Hello', text: 'Hi' },
      ],
    });
    expect(result).toEqual({
      evaluated: 2,
      matches: [
        {
          number: printer.number,
          reference: printer.reference,
          subject: 'Printer on floor 2',
          changes: [
            'Group: Service Desk',
            'Assignee: Avery Agent',
            'Priority: P4 → P2',
            'Add tag: printer',
            'Internal note',
            'Mail to casey@northwind.example',
          ],
        },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('runs a saved rule by id and is for admins only', async () => {
    await ask(world);
    const rule = await createRule(world.core, world.admin, {
      name: 'All',
      trigger: 'schedule',
      actions: [{ type: 'add_tag', value: 'all' }],
    });
    expect((await dryRunRule(world.core, world.admin, { id: rule.id })).matches).toHaveLength(1);
    await expect(dryRunRule(world.core, world.agent, { id: rule.id })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
