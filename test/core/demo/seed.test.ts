import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../src/core/auth/index.ts';
import { isDatabaseEmpty, seedDemo } from '../../../src/core/demo/index.ts';
import type { DemoLogin } from '../../../src/core/demo/index.ts';
import { getSettings } from '../../../src/core/settings/index.ts';
import {
  listGroupMembers,
  listGroups,
  listOrganisations,
  listUsers,
  systemActor,
} from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

describe('seedDemo', () => {
  // Seeding hashes six passwords, so one seeded portal serves every test here.
  let core: TestCore;
  let logins: DemoLogin[];

  beforeAll(async () => {
    core = await createTestCore();
    logins = await seedDemo(core);
  });

  afterAll(async () => {
    await core.close();
  });

  it('returns one admin, two agents and three customers with their passwords', () => {
    expect(logins.map((login) => login.role)).toEqual(['admin', 'agent', 'agent', 'customer', 'customer', 'customer']);
    expect(new Set(logins.map((login) => login.email)).size).toBe(6);
    expect(new Set(logins.map((login) => login.password)).size).toBe(6);
    for (const login of logins) expect(login.password).toMatch(/^[a-z2-7]{5}(-[a-z2-7]{5}){3}$/);
  });

  it('creates exactly those accounts, active and verified', async () => {
    const { users, total } = await listUsers(core, systemActor);
    expect(total).toBe(6);
    expect(users.map((user) => user.email).sort()).toEqual(logins.map((login) => login.email).sort());
    for (const user of users) expect(user).toMatchObject({ active: true, emailVerified: true });
    expect((await listUsers(core, systemActor, { role: 'admin' })).total).toBe(1);
    expect((await listUsers(core, systemActor, { role: 'agent' })).total).toBe(2);
    expect((await listUsers(core, systemActor, { role: 'customer' })).total).toBe(3);
  });

  it('puts both agents in one group, the first as lead', async () => {
    const groups = await listGroups(core, systemActor);
    expect(groups.map((group) => [group.name, group.memberCount])).toEqual([['Service Desk', 2]]);
    const members = await listGroupMembers(core, systemActor, groups[0]!.id);
    const agents = logins.filter((login) => login.role === 'agent');
    expect(members.map((member) => [member.user.email, member.isLead]).sort()).toEqual(
      [
        [agents[0]!.email, true],
        [agents[1]!.email, false],
      ].sort(),
    );
  });

  it('puts the three customers in two organisations', async () => {
    const organisations = await listOrganisations(core, systemActor);
    expect(organisations.map((o) => [o.name, o.memberCount])).toEqual([
      ['Contoso Ltd', 1],
      ['Northwind Traders', 2],
    ]);
    const customers = (await listUsers(core, systemActor, { role: 'customer' })).users;
    expect(customers.every((customer) => customer.organisationId !== null)).toBe(true);
    const staff = (await listUsers(core, systemActor)).users.filter((user) => user.role !== 'customer');
    expect(staff.every((user) => user.organisationId === null)).toBe(true);
  });

  it('fills the desk with tickets in every state, a problem with its incidents and a parent with children', async () => {
    const tickets = await core.db.selectFrom('tickets').select(['status', 'kind', 'problem_id', 'parent_id']).execute();
    expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(new Set(['new', 'open', 'pending', 'resolved']));
    expect(tickets.filter((ticket) => ticket.kind === 'problem')).toHaveLength(1);
    expect(tickets.filter((ticket) => ticket.problem_id !== null)).toHaveLength(2);
    expect(tickets.filter((ticket) => ticket.parent_id !== null)).toHaveLength(2);
    const notes = await core.db.selectFrom('ticket_messages').select('id').where('internal', '=', 1).execute();
    expect(notes).toHaveLength(1);
  });

  it('puts every open demo ticket under the demo service-level policy, and leaves its events unsent', async () => {
    const open = await core.db.selectFrom('tickets').select('id').where('is_open', '=', 1).execute();
    const states = await core.db.selectFrom('sla_ticket_states').select(['ticket_id', 'policy_id']).execute();
    expect(
      states
        .filter((state) => state.policy_id !== null)
        .map((state) => state.ticket_id)
        .sort(),
    ).toEqual(open.map((ticket) => ticket.id).sort());
    const pending = await core.db.selectFrom('event_outbox').select('id').where('dispatched_at', 'is', null).execute();
    expect(pending).toEqual([]);
  });

  it('names the portal', async () => {
    expect((await getSettings(core.db)).organisationName).toBe('Portico Demo');
  });

  it('gives every login a password that signs in', async () => {
    for (const login of logins) {
      const signedIn = await signIn(
        core,
        { email: login.email, password: login.password },
        { userAgent: null, ip: null },
      );
      expect(signedIn.user).toMatchObject({ email: login.email, name: login.name, role: login.role });
    }
  });

  it('refuses to seed a database that already holds accounts', async () => {
    await expect(seedDemo(core)).rejects.toMatchObject({
      code: 'conflict',
      message: 'The database already holds accounts; demo data goes only into an empty portal.',
      hint: 'Use a new PORTICO_DATA_DIR for a demo.',
    });
    expect((await listUsers(core, systemActor)).total).toBe(6);
  });
});

describe('isDatabaseEmpty', () => {
  let core: TestCore;

  beforeEach(async () => {
    core = await createTestCore();
  });

  afterEach(async () => {
    await core.close();
  });

  it('is true without accounts and false with one', async () => {
    expect(await isDatabaseEmpty(core)).toBe(true);
    await addUser(core, { email: 'casey@example.org', password: null });
    expect(await isDatabaseEmpty(core)).toBe(false);
    await expect(seedDemo(core)).rejects.toMatchObject({ code: 'conflict' });
  });
});
