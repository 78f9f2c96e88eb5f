import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCalendar,
  createPolicy,
  deleteCalendar,
  listPolicies,
  matchPolicy,
  recomputeSla,
  slaStatesOf,
} from '../../../src/core/sla/index.ts';
import type { SlaPolicy } from '../../../src/core/sla/index.ts';
import { createTicket } from '../../../src/core/tickets/index.ts';
import { createSlaWorld, policy } from './fixtures.ts';
import type { SlaWorld } from './fixtures.ts';

let world: SlaWorld;
beforeEach(async () => {
  world = await createSlaWorld();
});
afterEach(() => world.core.close());

const none = { firstResponse: null, nextReply: null, resolution: null };
function fakePolicy(name: string, conditions: Partial<SlaPolicy['conditions']>): SlaPolicy {
  return {
    id: name,
    name,
    position: 0,
    calendarId: null,
    atRiskPercent: 75,
    conditions: { requestTypeIds: [], kinds: [], organisationIds: [], groupIds: [], ...conditions },
    targets: { P1: none, P2: none, P3: none, P4: none },
  };
}

describe('matchPolicy', () => {
  const subject = {
    requestTypeId: 'rt',
    kind: 'incident',
    organisationId: 'org',
    groupId: null,
    priority: 'P2',
  } as const;

  it('takes the first policy in order whose conditions all match', () => {
    const policies = [
      fakePolicy('Contoso incidents', { kinds: ['incident'], organisationIds: ['contoso'] }),
      fakePolicy('Northwind incidents', { kinds: ['incident'], organisationIds: ['org'] }),
      fakePolicy('Everything', {}),
    ];
    expect(matchPolicy(policies, subject)?.name).toBe('Northwind incidents');
    expect(matchPolicy(policies, { ...subject, kind: 'change' })?.name).toBe('Everything');
  });

  it('does not match a group condition when the ticket has no group', () => {
    expect(matchPolicy([fakePolicy('Desk', { groupIds: ['desk'] })], subject)).toBeUndefined();
  });
});

describe('createPolicy', () => {
  it('applies the policy chosen by conditions and order to new tickets', async () => {
    await policy(world, { name: 'Incidents', conditions: { kinds: ['incident'] } });
    await policy(world, { name: 'Desk group', conditions: { groupIds: [world.desk.id] } });
    expect((await listPolicies(world.core, world.agent)).map((item) => [item.name, item.position])).toEqual([
      ['Incidents', 0],
      ['Desk group', 1],
    ]);
    const incident = await createTicket(world.core, world.casey, {
      requestTypeId: world.incident.id,
      subject: 'VPN down',
      description: 'Since 9.',
      fields: { impact: 'high', urgency: 'high' },
    });
    const question = await createTicket(world.core, world.agent, {
      requestTypeId: world.question.id,
      subject: 'Printer',
      description: 'Jams.',
      requesterId: world.casey.id,
      groupId: world.desk.id,
    });
    for (const ticket of [incident, question]) await recomputeSla(world.core, ticket.id);
    const states = await slaStatesOf(world.core, [incident.id, question.id]);
    expect(states.get(incident.id)?.policyName).toBe('Incidents');
    expect(states.get(question.id)?.policyName).toBe('Desk group');
  });

  it('reads durations written as text and is for admins only', async () => {
    const created = await policy(world, {
      targets: {
        P1: { firstResponse: '30m', nextReply: '1h', resolution: '4h' },
        P2: { firstResponse: '1h 30m' },
        P3: {},
        P4: { resolution: '2d' },
      },
    });
    expect(created.targets.P1).toEqual({ firstResponse: 30, nextReply: 60, resolution: 240 });
    expect(created.targets.P2.firstResponse).toBe(90);
    expect(created.targets.P4.resolution).toBe(2880);
    await expect(
      createPolicy(world.core, world.agent, { name: 'Mine', targets: { P1: {}, P2: {}, P3: {}, P4: {} } }),
    ).rejects.toThrow('Only administrators can do this.');
    await expect(
      policy(world, { name: 'Bad', targets: { P1: { firstResponse: 'soon' }, P2: {}, P3: {}, P4: {} } }),
    ).rejects.toThrow('Write a duration like 30m, 4h or 1h 30m.');
  });
});

describe('createCalendar', () => {
  it('refuses an unknown time zone and malformed hours', async () => {
    const week = ['09:00-17:00', '', '', '', '', '', ''];
    await expect(
      createCalendar(world.core, world.admin, { name: 'Mars', timeZone: 'Mars/Olympus', weeklyHours: week }),
    ).rejects.toThrow('Enter an IANA time zone, like Europe/Berlin.');
    await expect(
      createCalendar(world.core, world.admin, {
        name: 'Typo',
        timeZone: 'Europe/Paris',
        weeklyHours: ['9 to 5', '', '', '', '', '', ''],
      }),
    ).rejects.toThrow('Write hours like 09:00-17:00 ("9 to 5" is not).');
    await expect(
      createCalendar(world.core, world.admin, {
        name: 'Leap',
        timeZone: 'Europe/Paris',
        weeklyHours: week,
        holidays: '2026-12-25\n2026-13-01',
      }),
    ).rejects.toThrow('That date does not exist.');
  });
});

describe('deleteCalendar', () => {
  it('refuses to delete a calendar a policy uses', async () => {
    await policy(world);
    await expect(deleteCalendar(world.core, world.admin, world.berlin.id)).rejects.toThrow(
      'The policy "Standard" uses this calendar.',
    );
  });
});
