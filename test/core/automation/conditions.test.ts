import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dryRunRule } from '../../../src/core/automation/index.ts';
import type { RuleCondition } from '../../../src/core/automation/index.ts';
import { createTicket, updateTicket } from '../../../src/core/tickets/index.ts';
import type { Ticket } from '../../../src/core/tickets/index.ts';
import { ask } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createAutomationWorld } from './fixtures.ts';

let world: DeskWorld;
let printer: Ticket;
let vpn: Ticket;

beforeAll(async () => {
  world = await createAutomationWorld();
  printer = await ask(world);
  vpn = await createTicket(world.core, world.agent, {
    requestTypeId: world.incident.id,
    subject: 'VPN drops every hour',
    description: 'Since Monday morning.',
    fields: { impact: 'high', urgency: 'medium' },
    requesterId: world.olu.id,
    channel: 'phone',
    tags: ['vpn'],
    assigneeId: world.agent.id,
  });
  await updateTicket(world.core, world.agent, vpn.number, { status: 'open' });
});
afterAll(() => world.core.close());

async function matching(conditions: Partial<RuleCondition>[], now?: Date): Promise<string[]> {
  const result = await dryRunRule(
    world.core,
    world.admin,
    {
      name: 'Probe',
      trigger: 'schedule',
      conditions: conditions.map((condition) => ({ operator: 'is', value: '', field: 'kind', ...condition })),
      actions: [{ type: 'add_tag', value: 'probe' }],
    },
    now,
  );
  return result.matches.map((match) => match.subject).sort();
}

const P = 'Printer on floor 2';
const V = 'VPN drops every hour';

describe('dryRunRule conditions', () => {
  it.each([
    ['kind', { field: 'kind', value: 'incident' }, [V]],
    ['kind is not', { field: 'kind', operator: 'is_not', value: 'incident' }, [P]],
    ['priority is not', { field: 'priority', operator: 'is_not', value: 'P4' }, [V]],
    ['status', { field: 'status', value: 'open' }, [V]],
    ['channel', { field: 'channel', value: 'phone' }, [V]],
    ['group none', { field: 'group', value: 'none' }, [P]],
    ['assignee none', { field: 'assignee', value: '' }, [P]],
    ['tag', { field: 'tag', operator: 'has', value: 'vpn' }, [V]],
    ['tag absent', { field: 'tag', operator: 'has_not', value: 'vpn' }, [P]],
    ['text in subject, any case', { field: 'text', operator: 'contains', value: 'FLOOR' }, [P]],
    ['text in description', { field: 'text', operator: 'contains', value: 'monday' }, [V]],
    ['custom field equals', { field: 'fields.impact', value: 'high' }, [V]],
    ['custom field contains', { field: 'fields.urgency', operator: 'contains', value: 'medi' }, [V]],
  ] as const)('matches on %s', async (_name, condition, expected) => {
    expect(await matching([condition as Partial<RuleCondition>])).toEqual(expected);
  });

  it('matches on request type, group, assignee and organisation by id', async () => {
    expect(await matching([{ field: 'requestType', value: world.question.id }])).toEqual([P]);
    expect(await matching([{ field: 'group', value: world.desk.id }])).toEqual([V]);
    expect(await matching([{ field: 'assignee', value: world.agent.id }])).toEqual([V]);
    expect(await matching([{ field: 'organisation', value: world.northwind.id }])).toEqual([P]);
  });

  it('needs ALL conditions to hold', async () => {
    expect(
      await matching([
        { field: 'kind', value: 'incident' },
        { field: 'organisation', value: world.northwind.id },
      ]),
    ).toEqual([]);
  });

  it('holds a time condition only once enough minutes passed', async () => {
    const created = printer.createdAt.getTime();
    const at = (minutes: number) => new Date(created + minutes * 60_000);
    const condition = { field: 'createdMinutes', operator: 'at_least', value: '60' } as const;
    expect(await matching([condition, { field: 'kind', value: 'service_request' }], at(59))).toEqual([]);
    expect(await matching([condition, { field: 'kind', value: 'service_request' }], at(61))).toEqual([P]);
  });

  it('refuses an operator a field does not take, with the allowed ones', async () => {
    await expect(matching([{ field: 'tag', operator: 'is', value: 'vpn' }])).rejects.toThrow(/has or has_not/);
  });
});
