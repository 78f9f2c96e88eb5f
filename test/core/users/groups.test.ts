import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGroup,
  createUser,
  getGroup,
  listGroupMembers,
  listGroups,
  listGroupsOfUser,
  setGroupMembers,
  systemActor,
  updateGroup,
} from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

let core: TestCore;
let admin: User;
let ana: User;
let ben: User;
let customer: User;

beforeEach(async () => {
  core = await createTestCore();
  admin = await createUser(core, systemActor, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  ana = await createUser(core, systemActor, { email: 'ana@example.org', name: 'Ana Agent', role: 'agent' });
  ben = await createUser(core, systemActor, { email: 'ben@example.org', name: 'Ben Agent', role: 'agent' });
  customer = await createUser(core, systemActor, { email: 'casey@example.org', name: 'Casey Customer' });
});

afterEach(async () => {
  await core.close();
});

describe('createGroup', () => {
  it('creates a group with a trimmed name and an empty description by default', async () => {
    const group = await createGroup(core, admin, { name: '  Service desk ' });
    expect(group).toMatchObject({ name: 'Service desk', description: '' });
    expect(group.createdAt).toBeInstanceOf(Date);
    expect(await getGroup(core, admin, group.id)).toEqual(group);
  });

  it('refuses a name that is already taken', async () => {
    await createGroup(core, admin, { name: 'Desk' });
    await expect(createGroup(core, admin, { name: 'Desk', description: 'again' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A group with that name already exists.',
      details: { fields: { name: 'Already in use.' } },
    });
    expect(await listGroups(core, admin)).toHaveLength(1);
  });

  it('refuses an empty name', async () => {
    await expect(createGroup(core, admin, { name: '   ' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { name: 'Enter a name.' } },
    });
  });

  it('is for admins only', async () => {
    await expect(createGroup(core, ana, { name: 'Desk' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createGroup(core, null, { name: 'Desk' })).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('updateGroup', () => {
  it('renames a group and changes its description', async () => {
    const group = await createGroup(core, admin, { name: 'Desk' });
    const updated = await updateGroup(core, admin, group.id, { name: 'Front desk', description: 'First line' });
    expect(updated).toMatchObject({ id: group.id, name: 'Front desk', description: 'First line' });
  });

  it('keeps its own name but refuses that of another group', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await createGroup(core, admin, { name: 'Network' });
    await expect(updateGroup(core, admin, desk.id, { name: 'Desk', description: 'same name' })).resolves.toMatchObject({
      description: 'same name',
    });
    await expect(updateGroup(core, admin, desk.id, { name: 'Network' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('answers not_found for an unknown group', async () => {
    await expect(updateGroup(core, admin, 'missing', { name: 'X' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'No such group.',
    });
  });

  it('is for admins only', async () => {
    const group = await createGroup(core, admin, { name: 'Desk' });
    await expect(updateGroup(core, ana, group.id, { name: 'Mine' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('listGroups', () => {
  it('lists groups by name with their member counts, for staff', async () => {
    const network = await createGroup(core, admin, { name: 'Network' });
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await setGroupMembers(core, admin, network.id, [
      { userId: ana.id, isLead: false },
      { userId: ben.id, isLead: false },
    ]);
    const groups = await listGroups(core, ana);
    expect(groups.map((g) => [g.id, g.name, g.memberCount])).toEqual([
      [desk.id, 'Desk', 0],
      [network.id, 'Network', 2],
    ]);
  });

  it('is forbidden to customers', async () => {
    await expect(listGroups(core, customer)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('getGroup', () => {
  it('returns undefined for an unknown group and is forbidden to customers', async () => {
    expect(await getGroup(core, ana, 'missing')).toBeUndefined();
    const group = await createGroup(core, admin, { name: 'Desk' });
    await expect(getGroup(core, customer, group.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('setGroupMembers', () => {
  it('sets the members with their lead flag, and lists them by name', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await setGroupMembers(core, admin, desk.id, [
      { userId: ben.id, isLead: false },
      { userId: ana.id, isLead: true },
      { userId: admin.id, isLead: false },
    ]);
    const members = await listGroupMembers(core, ana, desk.id);
    expect(members.map((m) => [m.user.name, m.isLead])).toEqual([
      ['Ada Admin', false],
      ['Ana Agent', true],
      ['Ben Agent', false],
    ]);
  });

  it('replaces the previous members rather than adding to them', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await setGroupMembers(core, admin, desk.id, [{ userId: ana.id, isLead: true }]);
    await setGroupMembers(core, admin, desk.id, [{ userId: ben.id, isLead: false }]);
    expect((await listGroupMembers(core, admin, desk.id)).map((m) => m.user.id)).toEqual([ben.id]);
    await setGroupMembers(core, admin, desk.id, []);
    expect(await listGroupMembers(core, admin, desk.id)).toEqual([]);
  });

  it('counts a member listed twice once, as lead if either entry says so', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await setGroupMembers(core, admin, desk.id, [
      { userId: ana.id, isLead: false },
      { userId: ana.id, isLead: true },
    ]);
    expect((await listGroupMembers(core, admin, desk.id)).map((m) => [m.user.id, m.isLead])).toEqual([[ana.id, true]]);
  });

  it('refuses customers and unknown accounts and keeps the members as they were', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await setGroupMembers(core, admin, desk.id, [{ userId: ana.id, isLead: true }]);
    for (const userId of [customer.id, 'missing']) {
      await expect(
        setGroupMembers(core, admin, desk.id, [
          { userId: ben.id, isLead: false },
          { userId, isLead: false },
        ]),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        message: 'Only agents and administrators can be group members.',
        details: { fields: { members: 'Only agents and administrators can be group members.' } },
      });
    }
    expect((await listGroupMembers(core, admin, desk.id)).map((m) => m.user.id)).toEqual([ana.id]);
  });

  it('answers not_found for an unknown group', async () => {
    await expect(setGroupMembers(core, admin, 'missing', [])).rejects.toMatchObject({
      code: 'not_found',
      message: 'No such group.',
    });
  });

  it('is for admins only', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await expect(setGroupMembers(core, ana, desk.id, [{ userId: ana.id, isLead: true }])).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await listGroupMembers(core, admin, desk.id)).toEqual([]);
  });
});

describe('listGroupMembers', () => {
  it('is forbidden to customers', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await expect(listGroupMembers(core, customer, desk.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('listGroupsOfUser', () => {
  it("lists a user's groups by name", async () => {
    const network = await createGroup(core, admin, { name: 'Network' });
    const desk = await createGroup(core, admin, { name: 'Desk' });
    const hr = await createGroup(core, admin, { name: 'HR' });
    await setGroupMembers(core, admin, network.id, [{ userId: ana.id, isLead: false }]);
    await setGroupMembers(core, admin, desk.id, [{ userId: ana.id, isLead: true }]);
    await setGroupMembers(core, admin, hr.id, [{ userId: ben.id, isLead: true }]);
    expect((await listGroupsOfUser(core, ana.id)).map((g) => g.name)).toEqual(['Desk', 'Network']);
    expect(await listGroupsOfUser(core, customer.id)).toEqual([]);
  });
});
